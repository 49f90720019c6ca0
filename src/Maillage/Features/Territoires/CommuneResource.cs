using System.IO.Compression;

namespace Maillage.Features.Territoires;

/// <summary>One row of the shipped resource derived from @etalab/decoupage-administratif (see tools/communes).</summary>
public sealed record ReferenceNode(TerritoryKind Kind, string Code, string Name, string? Departement, string? ParentCode, string? PostalCodes, int? Population, string? GroupType);

public static class CommuneResource
{
    private const string ResourceName = "Maillage.Resources.communes.tsv.gz";
    private static readonly Lazy<IReadOnlyList<ReferenceNode>> Nodes = new(Load);

    public static IReadOnlyList<ReferenceNode> All => Nodes.Value;

    public static IReadOnlyList<string> DepartementCodes => All.Where(n => n.Kind == TerritoryKind.Departement).Select(n => n.Code).ToList();

    private static List<ReferenceNode> Load()
    {
        using var stream = typeof(CommuneResource).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Ressource {ResourceName} absente de l'assemblage.");
        using var gzip = new GZipStream(stream, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        var nodes = new List<ReferenceNode>(37_000);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            var f = line.Split('\t');
            nodes.Add(f[0] switch
            {
                "D" => new ReferenceNode(TerritoryKind.Departement, f[1], f[2], f[1], null, null, null, null),
                "E" => new ReferenceNode(TerritoryKind.Epci, f[1], f[2], f[4], null, null, null, f[3]),
                "C" => new ReferenceNode(TerritoryKind.Commune, f[1], f[2], f[3], f[4].Length > 0 ? f[4] : null, f[5], int.TryParse(f[6], out var p) ? p : null, null),
                _ => throw new InvalidDataException($"Ligne inattendue dans {ResourceName} : {line}"),
            });
        }

        return nodes;
    }
}
