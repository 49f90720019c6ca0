using Maillage.Features.Agenda;

namespace Maillage.Tests.Features.Agenda;

/// <summary>The public contact (name and a phone or an e-mail) and the .ics files sent with confirmations.</summary>
public sealed class ContactAndCalendarTests
{
    [Theory]
    [InlineData("06 12 34 56 78", "+33612345678")]
    [InlineData("06.12.34.56.78", "+33612345678")]
    [InlineData("+33 6 12 34 56 78", "+33612345678")]
    [InlineData("+33 (0)6 12 34 56 78", "+33612345678")]
    [InlineData("0033612345678", "+33612345678")]
    [InlineData("04 77 12 34 56", "+33477123456")]
    [InlineData("+32 470 12 34 56", "+32470123456")]
    public void French_and_international_numbers_are_read_as_people_write_them(string typed, string expected) =>
        Assert.Equal(expected, ContactRules.NormalizePhone(typed));

    [Theory]
    [InlineData("0612")]
    [InlineData("06 12 34 56 78 9")]
    [InlineData("00 00 12 34 56")]
    [InlineData("téléphone")]
    [InlineData("+33 0 12 34 56 78")]
    public void Malformed_numbers_are_refused(string typed) => Assert.Null(ContactRules.NormalizePhone(typed));

    [Fact]
    public void One_of_phone_or_email_is_enough_and_each_error_is_on_its_field()
    {
        var (byPhone, none) = ContactRules.Validate(new ContactInput("  Samia   B. ", "06 12 34 56 78", null));
        Assert.Empty(none);
        Assert.Equal(("Samia B.", "+33612345678", null, "+33612345678"), (byPhone!.Name, byPhone.Phone, byPhone.Email, byPhone.Key));
        Assert.Equal("06 12 34 56 78", ContactRules.FormatPhone(byPhone.Phone!));

        var (byEmail, _) = ContactRules.Validate(new ContactInput("Samia", "", "Samia.B@Exemple.fr"));
        Assert.Equal(("Samia.B@Exemple.fr", "samia.b@exemple.fr"), (byEmail!.Email, byEmail.Key));

        var (noContact, errors) = ContactRules.Validate(new ContactInput("", " ", null));
        Assert.Null(noContact);
        Assert.Contains("nom", errors[nameof(ContactInput.Name)][0]);
        Assert.Contains("téléphone ou une adresse e-mail", errors[nameof(ContactInput.Phone)][0]);

        var (bad, badErrors) = ContactRules.Validate(new ContactInput("Samia", "12", "samia@exemple"));
        Assert.Null(bad);
        Assert.Contains("06 12 34 56 78", badErrors[nameof(ContactInput.Phone)][0]);
        Assert.Contains("n'est pas valide", badErrors[nameof(ContactInput.Email)][0]);
    }

    [Fact]
    public void An_ics_file_holds_the_event_in_utc_and_a_cancellation_says_so()
    {
        var start = new DateTimeOffset(2026, 12, 2, 10, 0, 0, TimeSpan.FromHours(1));
        var e = new AgendaEvent(AgendaCalendar.Uid("rdv", 42), start, start.AddMinutes(30), "Rendez-vous : démarche en ligne",
            "Maison des habitants, 12 rue de la Paix, Saint-Étienne", "Apportez vos identifiants; merci");
        var ics = AgendaCalendar.Write([e], "Agenda de Samia");

        Assert.StartsWith("BEGIN:VCALENDAR", ics);
        Assert.Contains("METHOD:PUBLISH", ics);
        Assert.Contains("UID:rdv-42@maillage", ics);
        Assert.Contains("DTSTART:20261202T090000Z", ics);
        Assert.Contains("DTEND:20261202T093000Z", ics);
        Assert.Contains("STATUS:CONFIRMED", ics);
        Assert.Contains("X-WR-CALNAME:Agenda de Samia", ics);

        // RFC 5545 escapes commas and semicolons in text.
        Assert.Contains(@"LOCATION:Maison des habitants\, 12 rue de la Paix\, Saint-Étienne", ics.Replace("\r\n ", "", StringComparison.Ordinal));
        Assert.Contains(@"identifiants\; merci", ics.Replace("\r\n ", "", StringComparison.Ordinal));

        var cancel = AgendaCalendar.Write([e], cancel: true);
        Assert.Contains("METHOD:CANCEL", cancel);
        Assert.Contains("STATUS:CANCELLED", cancel);
    }
}
