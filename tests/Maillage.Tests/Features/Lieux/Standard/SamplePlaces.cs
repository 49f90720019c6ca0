using System.Text;
using Maillage.Features.Lieux.Standard;

namespace Maillage.Tests.Features.Lieux.Standard;

/// <summary>Test data written for these tests (a fictitious place in Saint-Étienne).</summary>
internal static class SamplePlaces
{
    public static Dictionary<string, string?> Values(string id = "lieu-1") => new()
    {
        ["id"] = id,
        ["pivot"] = "21420218600016",
        ["nom"] = "Espace numérique du Soleil",
        ["commune"] = "Saint-Étienne",
        ["code_postal"] = "42000",
        ["code_insee"] = "42218",
        ["adresse"] = "3 rue de la Paix",
        ["complement_adresse"] = "Rez-de-chaussée, porte \"B\"",
        ["latitude"] = "45.43389",
        ["longitude"] = "4.39",
        ["typologie"] = "MUNI|BIB",
        ["telephone"] = "+33477000000",
        ["courriels"] = "contact@soleil.example.fr|epn@soleil.example.fr",
        ["site_web"] = "https://soleil.example.fr/|https://www.facebook.com/soleil",
        ["horaires"] = "Mo-Fr 09:00-12:00,14:00-18:00; Sa 09:00-12:00",
        ["presentation_resume"] = "Ateliers et accompagnement individuel, sans rendez-vous le matin.",
        ["presentation_detail"] = "Première ligne\nSeconde ligne, avec virgule\nTroisième ligne",
        ["source"] = "Ville de Saint-Étienne",
        ["itinerance"] = "Fixe",
        ["structure_parente"] = "Ville de Saint-Étienne",
        ["date_maj"] = "2025-03-14",
        ["services"] = "Aide aux démarches administratives|Maîtrise des outils numériques du quotidien",
        ["publics_specifiquement_adresses"] = "Seniors",
        ["prise_en_charge_specifique"] = "Surdité|Langues étrangères (anglais)",
        ["frais_a_charge"] = "Gratuit",
        ["dispositif_programmes_nationaux"] = "Conseillers numériques|France Services",
        ["formations_labels"] = "Formé à « Mon Espace Santé »",
        ["autres_formations_labels"] = "Label local",
        ["modalites_acces"] = "Se présenter|Téléphoner",
        ["modalites_accompagnement"] = "Accompagnement individuel|Dans un atelier collectif",
        ["fiche_acces_libre"] = "https://acceslibre.beta.gouv.fr/app/42-saint-etienne/a/espace/erp/soleil/",
        ["prise_rdv"] = "https://www.rdv-solidarites.fr/",
    };

    public static PlaceRecord Record(string id = "lieu-1")
    {
        var errors = new List<FieldError>();
        var record = PlaceFields.Parse(Values(id), errors);
        Assert.Empty(errors);
        return record;
    }

    /// <summary>A v1 CSV (header + rows in schema order), every field quoted when needed, CRLF line ends.</summary>
    public static string Csv(IEnumerable<IReadOnlyDictionary<string, string?>> rows, char delimiter = ',', string newLine = "\r\n")
    {
        var builder = new StringBuilder();
        builder.Append(string.Join(delimiter, PlaceFields.Ordered)).Append(newLine);
        foreach (var row in rows)
        {
            builder.Append(string.Join(delimiter, PlaceFields.Ordered.Select(f => Quote(row.TryGetValue(f, out var v) ? v : null, delimiter))))
                .Append(newLine);
        }

        return builder.ToString();
    }

    public static PlaceReadResult Read(string text, string fileName = "lieux.csv", bool bom = false)
    {
        var bytes = new UTF8Encoding(bom).GetPreamble().Concat(Encoding.UTF8.GetBytes(text)).ToArray();
        return PlaceFileReader.Read(new MemoryStream(bytes), fileName);
    }

    /// <summary>Every field of a record as its v1 text, to compare records field by field.</summary>
    public static string?[] Texts(PlaceRecord record) => [.. PlaceFields.Ordered.Select(f => PlaceFields.GetText(record, f))];

    private static string Quote(string? value, char delimiter) =>
        value is null ? ""
        : value.IndexOfAny([delimiter, '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
}
