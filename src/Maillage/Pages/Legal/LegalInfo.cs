namespace Maillage.Pages.Legal;

/// <summary>
/// Who publishes this deployment, read from the <c>Legal</c> configuration section. Each collectivity fills it in;
/// a visible placeholder stands in for any missing value so a gap is noticed rather than hidden.
/// </summary>
public sealed record LegalInfo(
    string Publisher,
    string PublisherAddress,
    string PublicationDirector,
    string Host,
    string? ContactEmail,
    string? DpoEmail)
{
    public const string Placeholder = "[à compléter par la collectivité]";

    public static LegalInfo From(IConfiguration configuration)
    {
        var section = configuration.GetSection("Legal");
        string Text(string key) => string.IsNullOrWhiteSpace(section[key]) ? Placeholder : section[key]!.Trim();
        string? Email(string key) => string.IsNullOrWhiteSpace(section[key]) ? null : section[key]!.Trim();
        var contact = Email("ContactEmail");
        return new LegalInfo(
            Text("Publisher"),
            Text("PublisherAddress"),
            Text("PublicationDirector"),
            Text("Host"),
            contact,
            Email("DpoEmail") ?? contact);
    }
}
