using QRCoder;

namespace Maillage.Shared.Web;

public static class QrCodes
{
    /// <summary>An SVG QR code (error correction M) of <paramref name="text"/>: black modules on white, attributes only (allowed by the CSP inline).</summary>
    public static string Svg(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        return new SvgQRCode(data).GetGraphic(8);
    }
}
