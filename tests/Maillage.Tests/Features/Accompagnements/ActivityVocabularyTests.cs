using Maillage.Features.Accompagnements;

namespace Maillage.Tests.Features.Accompagnements;

/// <summary>The value lists read back the national tool's labels, written any way a spreadsheet may have kept them.</summary>
public sealed class ActivityVocabularyTests
{
    [Fact]
    public void TheListsHaveTheNationalToolsSizes()
    {
        Assert.Equal(3, ActivityLabels.All<ActivityType>().Count);
        Assert.Equal(4, ActivityLabels.All<ActivityLocation>().Count);
        Assert.Equal(5, ActivityLabels.All<ActivityEquipment>().Count);
        Assert.Equal(19, ActivityLabels.All<ActivityTheme>().Count);
        Assert.Equal(11, ActivityLabels.All<ProcedureFamily>().Count);
        Assert.Equal(3, ActivityLabels.All<Autonomy>().Count);
        Assert.Equal(7, ActivityLabels.All<ReferralTarget>().Count);
        Assert.Equal(3, ActivityLabels.All<WorkshopLevel>().Count);
        Assert.Equal(8, ActivityLabels.All<AgeBand>().Count);
        Assert.Equal(3, ActivityLabels.All<Gender>().Count);
        Assert.Equal(5, ActivityLabels.All<BeneficiaryStatus>().Count);
    }

    [Fact]
    public void EveryEnumValueButNoneHasOneDistinctLabel()
    {
        AssertComplete<ActivityType>();
        AssertComplete<ActivityLocation>();
        AssertComplete<ActivityEquipment>();
        AssertComplete<ActivityTheme>();
        AssertComplete<ProcedureFamily>();
        AssertComplete<Autonomy>();
        AssertComplete<ReferralTarget>();
        AssertComplete<WorkshopLevel>();
        AssertComplete<AgeBand>();
        AssertComplete<Gender>();
        AssertComplete<BeneficiaryStatus>();
    }

    [Theory]
    [InlineData("Aide aux démarches administratives", ActivityTheme.AdministrativeProcedures)]
    [InlineData("aide aux demarches administratives", ActivityTheme.AdministrativeProcedures)]
    [InlineData("  E-MAIL ", ActivityTheme.Email)]
    [InlineData("Email", ActivityTheme.Email)]
    [InlineData("Réseaux sociaux et communication", ActivityTheme.SocialNetworks)]
    public void ThemesAreReadBackWhateverTheirCaseAccentsOrDashes(string label, ActivityTheme expected)
    {
        Assert.True(ActivityLabels.TryParse<ActivityTheme>(label, out var theme));
        Assert.Equal(expected, theme);
    }

    [Theory]
    [InlineData("Papiers - Élections - Citoyenneté", ProcedureFamily.IdentityAndCitizenship)]
    [InlineData("papiers – elections – citoyennete", ProcedureFamily.IdentityAndCitizenship)]
    [InlineData("Etrangers - Europe", ProcedureFamily.ForeignersAndEurope)]
    public void ProcedureFamiliesAreReadBack(string label, ProcedureFamily expected)
    {
        Assert.True(ActivityLabels.TryParse<ProcedureFamily>(label, out var family));
        Assert.Equal(expected, family);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("Jardinage")]
    public void AnUnknownLabelIsRefused(string? label) => Assert.False(ActivityLabels.TryParse<ActivityTheme>(label, out _));

    [Fact]
    public void SeveralThemesGiveTheirLabelsInTheNationalOrder()
    {
        var themes = ActivityTheme.AdministrativeProcedures | ActivityTheme.Email | ActivityTheme.DigitalDiagnosis;
        Assert.Equal(["Diagnostic numérique", "E-mail", "Aide aux démarches administratives"], ActivityLabels.Labels(themes));
        Assert.Empty(ActivityLabels.Labels(ActivityTheme.None));
    }

    [Fact]
    public void DurationPresetsLieWithinTheAllowedRange() =>
        Assert.All(ActivityLabels.DurationPresets, minutes => Assert.InRange(minutes, ActivityLabels.MinDurationMinutes, ActivityLabels.MaxDurationMinutes));

    private static void AssertComplete<T>() where T : struct, Enum
    {
        var listed = ActivityLabels.All<T>();
        var flags = typeof(T).IsDefined(typeof(FlagsAttribute), false);
        var expected = Enum.GetValues<T>().Where(v => !flags || Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture) != 0).ToHashSet();
        Assert.Equal(expected, listed.Select(x => x.Value).ToHashSet());
        Assert.Equal(listed.Count, listed.Select(x => x.Label).Distinct().Count());
        foreach (var (value, label) in listed)
        {
            Assert.True(ActivityLabels.TryParse<T>(label, out var back), $"« {label} » doit se relire.");
            Assert.Equal(value, back);
        }
    }
}
