using System.Text.RegularExpressions;

namespace Maillage.Features.Agenda;

/// <summary>What the public form asks: a name, and a phone or an e-mail (one is enough).</summary>
public sealed record ContactInput(string? Name, string? Phone, string? Email);

/// <summary>A checked contact: the phone in international form (+33…), the e-mail trimmed, and the key of the weekly cap.</summary>
public sealed record Contact(string Name, string? Phone, string? Email)
{
    /// <summary>The e-mail (lower case) when there is one, else the phone: the same person counts once per channel they give.</summary>
    public string Key => Email?.ToLowerInvariant() ?? Phone!;
}

public static partial class ContactRules
{
    /// <summary>
    /// Checks the contact the public typed; errors are keyed by the input's property names (Name, Phone, Email) so the form
    /// shows them on the field. French numbers are accepted as people write them (« 06 12 34 56 78 », « +33 6… »).
    /// </summary>
    public static (Contact? Contact, Dictionary<string, string[]> Errors) Validate(ContactInput input)
    {
        var errors = new Dictionary<string, string[]>();
        var name = Collapse(input.Name);
        if (name.Length == 0)
        {
            errors[nameof(ContactInput.Name)] = ["Indiquez votre nom (ou un prénom et une initiale)."];
        }
        else if (name.Length > 100)
        {
            errors[nameof(ContactInput.Name)] = ["Le nom ne peut pas dépasser 100 caractères."];
        }

        var rawPhone = input.Phone?.Trim() ?? "";
        var rawEmail = input.Email?.Trim() ?? "";
        string? phone = null;
        string? email = null;
        if (rawPhone.Length > 0)
        {
            phone = NormalizePhone(rawPhone);
            if (phone is null)
            {
                errors[nameof(ContactInput.Phone)] = ["Ce numéro de téléphone n'est pas valide : écrivez 10 chiffres (exemple : 06 12 34 56 78) ou le numéro international (+33 6 12 34 56 78)."];
            }
        }

        if (rawEmail.Length > 0)
        {
            if (rawEmail.Length > 254 || !EmailPattern().IsMatch(rawEmail))
            {
                errors[nameof(ContactInput.Email)] = ["Cette adresse e-mail n'est pas valide (exemple : prenom.nom@exemple.fr)."];
            }
            else
            {
                email = rawEmail;
            }
        }

        if (rawPhone.Length == 0 && rawEmail.Length == 0)
        {
            errors[nameof(ContactInput.Phone)] = ["Indiquez un numéro de téléphone ou une adresse e-mail, pour que nous puissions vous joindre."];
        }

        return errors.Count > 0 ? (null, errors) : (new Contact(name, phone, email), errors);
    }

    /// <summary>+33XXXXXXXXX for a French number (0X XX XX XX XX or +33 X…), +NNN… for another international one; null when not a phone.</summary>
    public static string? NormalizePhone(string raw)
    {
        var digits = SeparatorPattern().Replace(raw.Trim(), "");
        if (digits.StartsWith("00", StringComparison.Ordinal))
        {
            digits = "+" + digits[2..];
        }

        if (digits.StartsWith("+33", StringComparison.Ordinal))
        {
            var rest = digits[3..];
            if (rest.StartsWith('0'))
            {
                rest = rest[1..];
            }

            return rest.Length == 9 && rest.All(char.IsAsciiDigit) && rest[0] != '0' ? "+33" + rest : null;
        }

        if (digits.StartsWith('+'))
        {
            var rest = digits[1..];
            return rest.Length is >= 8 and <= 15 && rest.All(char.IsAsciiDigit) && rest[0] != '0' ? digits : null;
        }

        return digits.Length == 10 && digits[0] == '0' && digits[1] != '0' && digits.All(char.IsAsciiDigit) ? "+33" + digits[1..] : null;
    }

    /// <summary>A phone as the French read it: « 06 12 34 56 78 ».</summary>
    public static string FormatPhone(string phone)
    {
        if (phone.StartsWith("+33", StringComparison.Ordinal) && phone.Length == 12)
        {
            var national = "0" + phone[3..];
            return string.Join(' ', Enumerable.Range(0, 5).Select(i => national.Substring(i * 2, 2)));
        }

        return phone;
    }

    private static string Collapse(string? value) => WhitespacePattern().Replace(value ?? "", " ").Trim();

    [GeneratedRegex(@"[\s.\-()/]")]
    private static partial Regex SeparatorPattern();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhitespacePattern();

    // Deliberately simple: one @, a dot in the domain, no spaces; the confirmation e-mail is the real test.
    [GeneratedRegex(@"^[^@\s<>""]+@[^@\s<>""]+\.[^@\s<>"".]{2,}$")]
    private static partial Regex EmailPattern();
}
