using Maillage.Shared.OpeningHours;

namespace Maillage.Tests.Shared.OpeningHours;

public class OpeningHoursParserTests
{
    [Theory]
    [InlineData("Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00", "Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00")]
    [InlineData("Mo,We,Fr 10:00-12:00", "Mo,We,Fr 10:00-12:00")]
    [InlineData("Tu-Th,Sa 10:00-12:00", "Tu-Th,Sa 10:00-12:00")]
    [InlineData("Fr-Mo 10:00-12:00", "Mo,Fr-Su 10:00-12:00")]
    [InlineData("mo-fr 09:00-12:00; sa OFF", "Mo-Fr 09:00-12:00")]
    [InlineData("  Mo - Fr  09:00 - 12:00 , 14:00-18:00 ;Sa 10:00-12:00 ", "Mo-Fr 09:00-12:00,14:00-18:00; Sa 10:00-12:00")]
    [InlineData("Mo 9:00-12:00", "Mo 09:00-12:00")]
    [InlineData("Mo-Fr 09:00-12:00;", "Mo-Fr 09:00-12:00")]
    [InlineData("09:00-12:00", "Mo-Su 09:00-12:00")]
    [InlineData("Mo-Fr", "Mo-Fr 00:00-24:00")]
    [InlineData("Mo-Fr open", "Mo-Fr 00:00-24:00")]
    [InlineData("Mo 20:00-24:00", "Mo 20:00-24:00")]
    [InlineData("off", "off")]
    [InlineData("closed", "off")]
    [InlineData("24/7", "24/7")]
    [InlineData("Mo-Su 00:00-24:00", "24/7")]
    [InlineData("Mo-Fr 24/7", "Mo-Fr 00:00-24:00")]
    public void EachSupportedConstructParsesToItsCanonicalForm(string input, string canonical)
    {
        Assert.True(OpeningHoursParser.TryParse(input, out var schedule, out var error), error);
        Assert.Equal(canonical, schedule.ToOsmString());
    }

    [Theory]
    [InlineData("Mo-Fr 09:00-18:00; We off", "Mo,Tu,Th,Fr 09:00-18:00")]
    [InlineData("Mo-Fr 09:00-18:00; We,Th closed", "Mo,Tu,Fr 09:00-18:00")]
    [InlineData("Mo-Fr 08:30-12:00; Tu 13:30-17:30", "Mo,We-Fr 08:30-12:00; Tu 13:30-17:30")]
    [InlineData("Mo-Sa 09:00-12:00; Tu-Fr 09:00-12:00,14:00-17:00; We off", "Mo,Sa 09:00-12:00; Tu,Th,Fr 09:00-12:00,14:00-17:00")]
    [InlineData("Mo-Fr 10:00-20:00; 12:00-14:00 off", "Mo-Fr 10:00-12:00,14:00-20:00")]
    public void ALaterRuleReplacesTheDaysItSelects(string input, string canonical)
    {
        Assert.Equal(canonical, OpeningHoursParser.Parse(input).ToOsmString());
    }

    [Theory]
    [InlineData("Mo-Fr 08:00-12:00, We 14:00-18:00", "Mo,Tu,Th,Fr 08:00-12:00; We 08:00-12:00,14:00-18:00")]
    [InlineData("Mo-Fr 08:00-12:00, Sa 10:00-12:00", "Mo-Fr 08:00-12:00; Sa 10:00-12:00")]
    [InlineData("Mo-Fr 08:00-12:00 open, Sa off", "Mo-Fr 08:00-12:00")]
    public void ACommaBetweenRulesAddsToThePreviousOnes(string input, string canonical)
    {
        Assert.Equal(canonical, OpeningHoursParser.Parse(input).ToOsmString());
    }

    [Theory]
    [InlineData("Mo-Fr 09:00-12:00,11:00-14:00", "Mo-Fr 09:00-14:00")]
    [InlineData("Mo-Fr 09:00-12:00,12:00-19:00", "Mo-Fr 09:00-19:00")]
    [InlineData("Mo 14:00-18:00,09:00-12:00", "Mo 09:00-12:00,14:00-18:00")]
    public void OverlappingOrTouchingRangesAreMergedAndSorted(string input, string canonical)
    {
        Assert.Equal(canonical, OpeningHoursParser.Parse(input).ToOsmString());
    }

    [Theory]
    [InlineData("Fr 22:00-02:00", "Fr 22:00-24:00; Sa 00:00-02:00")]
    [InlineData("Fr 22:00-26:00", "Fr 22:00-24:00; Sa 00:00-02:00")]
    [InlineData("Su 22:00-02:00", "Mo 00:00-02:00; Su 22:00-24:00")]
    [InlineData("Mo-Fr 22:00-02:00", "Mo 22:00-24:00; Tu-Fr 00:00-02:00,22:00-24:00; Sa 00:00-02:00")]
    [InlineData("Th 22:00-02:00; Fr 10:00-12:00", "Th 22:00-24:00; Fr 10:00-12:00")]
    [InlineData("Sa 10:00-12:00; Fr 22:00-02:00", "Fr 22:00-24:00; Sa 00:00-02:00,10:00-12:00")]
    public void ARangePastMidnightSpillsIntoTheNextDayWhichALaterRuleCanReplace(string input, string canonical)
    {
        Assert.Equal(canonical, OpeningHoursParser.Parse(input).ToOsmString());
    }

    [Theory]
    [InlineData("Mo-Fr 09:00-12:00; PH off", PublicHolidayMode.Closed, "")]
    [InlineData("Mo-Fr 09:00-12:00; PH closed", PublicHolidayMode.Closed, "")]
    [InlineData("Mo-Fr 09:00-12:00; PH 10:00-12:00", PublicHolidayMode.Open, "10:00-12:00")]
    [InlineData("Mo-Fr,PH 10:00-12:00", PublicHolidayMode.Open, "10:00-12:00")]
    [InlineData("Mo-Su 10:00-12:00; Su,PH off", PublicHolidayMode.Closed, "")]
    [InlineData("PH 10:00-12:00; PH off", PublicHolidayMode.Closed, "")]
    [InlineData("PH off; 24/7", PublicHolidayMode.Unspecified, "")]
    [InlineData("Mo-Fr 09:00-12:00", PublicHolidayMode.Unspecified, "")]
    public void PublicHolidayRulesAreKeptApart(string input, PublicHolidayMode mode, string ranges)
    {
        var schedule = OpeningHoursParser.Parse(input);
        Assert.Equal(mode, schedule.PublicHolidays.Mode);
        Assert.Equal(ranges, string.Join(",", schedule.PublicHolidays.Ranges));
    }

    [Fact]
    public void SundayAndHolidaysOffLeavesTheOtherDaysAlone()
    {
        var schedule = OpeningHoursParser.Parse("Mo-Su 10:00-12:00; Su,PH off");
        Assert.Equal("Mo-Sa 10:00-12:00; PH off", schedule.ToOsmString());
    }

    [Theory]
    [InlineData("", "Position 1 : les horaires sont vides.")]
    [InlineData("   ", "Position 1 : les horaires sont vides.")]
    [InlineData("Mo-Fr 09:00", "Position 12 : « - » puis l'heure de fin après l'heure de début attendu, la fin du texte trouvé.")]
    [InlineData("Mo-Fr 09:00-12:60", "Position 13 : heure invalide « 12:60 » : attendu une heure au format HH:MM entre 00:00 et 48:00.")]
    [InlineData("Mo-Fr 24:00-02:00", "Position 7 : une plage ne peut pas commencer à 24:00 ; écrivez 00:00.")]
    [InlineData("Mo-Fr 10:00-10:00", "Position 13 : la plage 10:00-10:00 est vide (même heure de début et de fin).")]
    [InlineData("Mo-Fr 09:00-12:00 14:00-18:00", "Position 19 : « , » ou « ; » entre deux règles, ou la fin attendu, « 14:00 » trouvé.")]
    [InlineData("Mo- 09:00-12:00", "Position 5 : un jour de fin (Mo, Tu, We, Th, Fr, Sa, Su) après « - » attendu, « 09:00 » trouvé.")]
    [InlineData("Mo Tu 09:00-12:00", "Position 4 : « , » attendu entre deux jours, « Tu » trouvé.")]
    [InlineData("Xy 10:00-12:00", "Position 1 : un jour (Mo, Tu, We, Th, Fr, Sa, Su), PH, une plage horaire (09:00-12:00), 24/7 ou off attendu, « Xy » trouvé.")]
    [InlineData("Mo-Fr 09:00-12:00,", "Position 19 : une règle après « , » attendu, la fin du texte trouvé.")]
    [InlineData("Mo-Fr, 09:00-12:00", "Position 8 : un jour ou PH après « , » attendu, « 09:00 » trouvé.")]
    public void ErrorsSayWhereAndWhatWasExpectedInFrench(string input, string error)
    {
        Assert.False(OpeningHoursParser.TryParse(input, out var schedule, out var actual));
        Assert.Null(schedule);
        Assert.Equal(error, actual);
    }

    [Theory]
    [InlineData("Jan-Jun Mo-Fr 10:00-12:00", "Position 1 : les sélecteurs de mois ou de date (« Jan ») ne sont pas pris en charge.")]
    [InlineData("Mo-Fr 10:00-12:00; week 1-53/2 Sa 10:00-12:00", "Position 20 : les sélecteurs de semaine (« week 1-53/2 ») ne sont pas pris en charge.")]
    [InlineData("2024 Mo-Fr 10:00-12:00", "Position 1 : les sélecteurs d'année (« 2024 ») ne sont pas pris en charge.")]
    [InlineData("Mo-Fr 10:00-12:00; SH off", "Position 20 : les vacances scolaires (SH) ne sont pas prises en charge.")]
    [InlineData("Mo-Fr 10:00-12:00 \"sur rendez-vous\"", "Position 19 : les commentaires entre guillemets ne sont pas pris en charge.")]
    [InlineData("Mo-Fr 10:00-12:00 || \"sur rendez-vous\"", "Position 19 : les règles de repli (« || ») ne sont pas prises en charge.")]
    [InlineData("Mo-Fr 10:00+", "Position 12 : les horaires sans heure de fin (« 10:00+ ») ne sont pas pris en charge.")]
    [InlineData("Mo[1] 10:00-12:00", "Position 3 : les jours numérotés dans le mois (« Mo[1] ») ne sont pas pris en charge.")]
    [InlineData("Mo-Fr sunrise-sunset", "Position 7 : les horaires liés au soleil (« sunrise ») ne sont pas pris en charge.")]
    [InlineData("Mo-Fr unknown", "Position 7 : l'état « unknown » n'est pas pris en charge.")]
    [InlineData("Lu-Ve 09:00-12:00", "Position 1 : « Lu » est un jour en français ; la syntaxe OSM utilise Mo, Tu, We, Th, Fr, Sa, Su.")]
    [InlineData("PH Mo-Fr 10:00-12:00", "Position 4 : combiner PH et des jours sans virgule (« PH Mo-Fr ») n'est pas pris en charge ; séparez-les par une virgule (« Mo-Fr,PH »).")]
    [InlineData("PH 22:00-02:00", "Position 1 : une plage qui passe minuit n'est pas prise en charge pour les jours fériés (PH).")]
    [InlineData("Mo-Fr 10:00-12:00, PH 14:00-16:00", "Position 20 : une règle additionnelle « , PH … » n'est pas prise en charge ; séparez-la par « ; » (« ; PH 10:00-12:00 »).")]
    public void UnsupportedConstructsAreReportedWithAClearFrenchMessage(string input, string error)
    {
        Assert.False(OpeningHoursParser.TryParse(input, out _, out var actual));
        Assert.Equal(error, actual);
    }

    [Fact]
    public void ParseThrowsAFormatExceptionCarryingTheFrenchMessage()
    {
        var exception = Assert.Throws<FormatException>(() => OpeningHoursParser.Parse("Mo-Fr 09:00"));
        Assert.StartsWith("Position 12 :", exception.Message);
    }
}
