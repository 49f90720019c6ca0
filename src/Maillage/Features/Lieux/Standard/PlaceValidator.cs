using System.Text.RegularExpressions;

namespace Maillage.Features.Lieux.Standard;

/// <summary>A rule broken by one field: the schema field name, the offending value, a French message.</summary>
public sealed record FieldError(string Field, string? Value, string Message);

/// <summary>
/// Checks a <see cref="PlaceRecord"/> against the constraints of schema v1.0.x (required fields, patterns,
/// enumerations, résumé length) plus what the schema only describes in words (e-mails, URLs, coordinates).
/// Enumerations accept the v1.0.2 additions.
/// </summary>
public static class PlaceValidator
{
    public static IReadOnlyList<FieldError> Validate(PlaceRecord place)
    {
        ArgumentNullException.ThrowIfNull(place);
        var errors = new List<FieldError>();

        Required(errors, PlaceFields.Id, place.Id);
        Required(errors, PlaceFields.Name, place.Name);
        Required(errors, PlaceFields.Commune, place.Commune);
        Required(errors, PlaceFields.Address, place.Address);

        if (Required(errors, PlaceFields.Pivot, place.Pivot))
        {
            Pattern(errors, PlaceFields.Pivot, place.Pivot, PlaceVocabulary.Pivot,
                "Le SIRET ou RNA doit comporter de 9 à 14 lettres ou chiffres, sans espace (exemple : 43493312300029 ou W751234567).");
        }

        if (Required(errors, PlaceFields.PostalCode, place.PostalCode))
        {
            Pattern(errors, PlaceFields.PostalCode, place.PostalCode, PlaceVocabulary.PostalCode,
                "Le code postal doit comporter 5 chiffres.");
        }

        Pattern(errors, PlaceFields.InseeCode, place.InseeCode, PlaceVocabulary.InseeCode,
            "Le code INSEE doit comporter 5 caractères : 5 chiffres, ou 2A / 2B suivi de 3 chiffres pour la Corse (exemple : 51454).");
        Pattern(errors, PlaceFields.Phone, place.Phone, PlaceVocabulary.Phone,
            "Le numéro de téléphone doit être au format international, sans espace ni zéro après l'indicatif (exemple : +33180059880).");

        Coordinate(errors, PlaceFields.Latitude, place.Latitude, 90);
        Coordinate(errors, PlaceFields.Longitude, place.Longitude, 180);
        if (place.Latitude.HasValue != place.Longitude.HasValue)
        {
            var missing = place.Latitude.HasValue ? PlaceFields.Longitude : PlaceFields.Latitude;
            errors.Add(new FieldError(missing, null, "La latitude et la longitude vont ensemble : renseignez les deux ou aucune."));
        }

        if (place.Summary is { Length: > PlaceVocabulary.SummaryMaxLength } summary)
        {
            errors.Add(new FieldError(PlaceFields.Summary, summary,
                $"La présentation résumée ne doit pas dépasser {PlaceVocabulary.SummaryMaxLength} caractères ({summary.Length} actuellement)."));
        }

        if (place.UpdatedOn == DateOnly.MinValue)
        {
            errors.Add(new FieldError(PlaceFields.UpdatedOn, null, "Le champ « Date de mise à jour » est obligatoire."));
        }

        foreach (var email in place.Emails.Where(e => !PlaceVocabulary.IsValidEmail(e)))
        {
            errors.Add(new FieldError(PlaceFields.Emails, email, $"« {email} » n'est pas une adresse de courriel valide (exemple : contact@exemple.fr)."));
        }

        foreach (var url in place.Websites.Where(u => !PlaceVocabulary.IsValidUrl(u)))
        {
            errors.Add(new FieldError(PlaceFields.Websites, url, UrlMessage(url)));
        }

        Url(errors, PlaceFields.AccessibilityUrl, place.AccessibilityUrl);
        Url(errors, PlaceFields.BookingUrl, place.BookingUrl);

        foreach (var list in PlaceVocabulary.Enumerations.Values)
        {
            foreach (var value in PlaceFields.GetList(place, list.Field).Where(v => !list.Contains(v)))
            {
                errors.Add(new FieldError(list.Field, value,
                    $"« {value} » n'est pas {list.Noun} : valeurs possibles : {string.Join(", ", list.Codes)}."));
            }
        }

        return errors;
    }

    private static bool Required(List<FieldError> errors, string field, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            return true;
        }

        errors.Add(new FieldError(field, value, $"Le champ « {PlaceFields.TitleOf(field)} » est obligatoire."));
        return false;
    }

    private static void Pattern(List<FieldError> errors, string field, string? value, Regex pattern, string message)
    {
        if (!string.IsNullOrEmpty(value) && !pattern.IsMatch(value))
        {
            errors.Add(new FieldError(field, value, $"{message} Valeur reçue : « {value} »."));
        }
    }

    private static void Coordinate(List<FieldError> errors, string field, double? value, int bound)
    {
        if (value is { } v && (v < -bound || v > bound))
        {
            errors.Add(new FieldError(field, v.ToString(System.Globalization.CultureInfo.InvariantCulture),
                $"La {field} doit être comprise entre -{bound} et {bound} (degrés WGS84)."));
        }
    }

    private static void Url(List<FieldError> errors, string field, string? value)
    {
        if (!string.IsNullOrEmpty(value) && !PlaceVocabulary.IsValidUrl(value))
        {
            errors.Add(new FieldError(field, value, UrlMessage(value)));
        }
    }

    private static string UrlMessage(string url) =>
        $"« {url} » n'est pas une adresse web valide : elle doit commencer par http:// ou https:// (exemple : https://www.exemple.fr/).";
}
