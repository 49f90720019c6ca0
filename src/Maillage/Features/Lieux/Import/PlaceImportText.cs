using System.Globalization;
using Maillage.Features.Lieux.Standard;

namespace Maillage.Features.Lieux.Import;

/// <summary>The import report in plain French, for the command line (and any text view).</summary>
public static class PlaceImportText
{
    public static string FormatLabel(PlaceFileFormat format) => format switch
    {
        PlaceFileFormat.CsvV1 => "CSV du standard v1",
        PlaceFileFormat.JsonV1 => "JSON du standard v1",
        PlaceFileFormat.CsvLegacy => "CSV de l'ancien format 0.1",
        PlaceFileFormat.JsonLegacy => "JSON de l'ancien format 0.1",
        _ => "illisible",
    };

    /// <summary>"ligne 12, champ code_postal, valeur « 4200 » : message" (position instead of line for JSON).</summary>
    public static string Line(LineError error, PlaceFileFormat format)
    {
        var where = error.Line == 0 ? "fichier" : format is PlaceFileFormat.JsonV1 or PlaceFileFormat.JsonLegacy
            ? $"lieu n° {error.Line.ToString(CultureInfo.InvariantCulture)}"
            : $"ligne {error.Line.ToString(CultureInfo.InvariantCulture)}";
        var field = error.Field is null ? "" : $", champ {error.Field}";
        var value = error.Value is null ? "" : $", valeur « {error.Value} »";
        return $"{where}{field}{value} : {error.Message}";
    }

    public static void Write(PlaceImportReport report, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine($"Source : {report.Source} — format détecté : {FormatLabel(report.Format)}.");
        output.WriteLine($"{report.Read} lieu(x) lu(s), {report.RejectedLines.Count} ligne(s) rejetée(s).");
        foreach (var error in report.Errors)
        {
            output.WriteLine("  " + Line(error, report.Format));
        }

        if (!report.Imported)
        {
            output.WriteLine(report.RejectedLines.Count > 0
                ? "Fichier refusé : aucune modification n'a été enregistrée. Corrigez les lignes ci-dessus, ou relancez avec --skip-invalid pour n'importer que les lignes valides."
                : "Fichier refusé : aucune modification n'a été enregistrée.");
            return;
        }

        var counts = $"{report.Created} créé(s), {report.Updated} mis à jour, {report.Unchanged} inchangé(s), {report.SkippedOlder} ignoré(s) car plus ancien(s) que la version enregistrée";
        output.WriteLine(report.DryRun
            ? $"Simulation (--dry-run), rien n'a été enregistré : {counts}."
            : $"Import terminé en {report.Duration.TotalSeconds.ToString("0.0", CultureInfo.GetCultureInfo("fr-FR"))} s : {counts}.");
        if (report.IntoMerged > 0)
        {
            output.WriteLine($"{report.IntoMerged} lieu(x) du fichier déjà fusionné(s) dans un autre lieu : fiche(s) fusionnée(s) mise(s) à jour, non republiée(s).");
        }

        WriteDuplicates(report, output);
    }

    /// <summary>The probable duplicates, one line each: never merged automatically, to review in the back office.</summary>
    public static void WriteDuplicates(PlaceImportReport report, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        if (report.Duplicates.Count == 0)
        {
            output.WriteLine("Aucun doublon probable avec les lieux déjà enregistrés.");
            return;
        }

        output.WriteLine($"{report.Duplicates.Count} doublon(s) probable(s) avec des lieux déjà enregistrés (rien n'est fusionné automatiquement ; à examiner dans Gestion › Lieux › Doublons) :");
        foreach (var d in report.Duplicates)
        {
            var where = Line(new LineError(d.Line, null, null, ""), report.Format).TrimEnd(' ', ':');
            output.WriteLine($"  {where} « {d.Name} » ≈ lieu n° {d.CandidateId.ToString(CultureInfo.InvariantCulture)} « {d.CandidateName} » "
                + $"(source {d.CandidateSource}, id {d.CandidateSourceId}) : {d.Match.Percent} % — {d.Match.Reasons}.");
        }
    }
}
