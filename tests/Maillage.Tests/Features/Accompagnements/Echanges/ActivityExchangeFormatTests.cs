using System.Text;
using Maillage.Features.Accompagnements;
using Maillage.Features.Accompagnements.Echanges;

namespace Maillage.Tests.Features.Accompagnements.Echanges;

/// <summary>The « Activités » format on its own: columns, every label there and back, tolerant reading, CSV quoting.</summary>
public sealed class ActivityExchangeFormatTests
{
    private const string SaintEtienne = "42218";

    private static ActivityExportItem Individual(
        ActivityEquipment equipment = ActivityEquipment.Computer, ActivityTheme themes = ActivityTheme.Email, ProcedureFamily families = 0,
        Autonomy? autonomy = null, ReferralTarget? referral = null, AgeBand age = AgeBand.Unknown, Gender gender = Gender.Unknown,
        BeneficiaryStatus status = BeneficiaryStatus.Unknown, ActivityLocation location = ActivityLocation.Remote) => new()
        {
            Id = 42,
            Type = ActivityType.Individual,
            Date = new DateOnly(2025, 3, 5),
            DurationMinutes = 45,
            ParticipantCount = 1,
            Location = location,
            LocationCommuneCode = location is ActivityLocation.Home or ActivityLocation.OtherPlace ? SaintEtienne : null,
            Equipment = equipment,
            Themes = themes,
            ProcedureFamilies = families,
            ProcedureName = families == 0 ? null : "Déclaration de revenus",
            Autonomy = autonomy,
            Referral = referral,
            BeneficiaryAgeBand = age,
            BeneficiaryGender = gender,
            BeneficiaryStatus = status,
            BeneficiaryCommuneCode = SaintEtienne,
        };

    private static Dictionary<string, string> ByHeader(string[] row) =>
        ActivityExchangeFormat.Headers.Select((h, i) => (h, row[i])).ToDictionary(x => x.h, x => x.Item2);

    private static ActivityInput RoundTrip(ActivityExportItem item)
    {
        var errors = new List<ActivityLineError>();
        var line = ActivityExchangeFormat.Parse(2, ByHeader(ActivityExchangeFormat.ToRow(item)), errors);
        Assert.Empty(errors);
        return line!.Input;
    }

    [Fact]
    public void TheColumnsAreThoseOfTheNationalExportInItsOrder()
    {
        Assert.Equal(
            [
                "Date", "Type", "Participants", "Canaux", "Nom du lieu", "Adresse du lieu", "Commune du lieu", "Code postal du lieu", "Code INSEE du lieu",
                "Durée (min)", "Nom de l'atelier", "Matériel", "Thématique(s)", "Démarche(s)", "Nom de la démarche", "Niveau d'autonomie ou de l'atelier",
                "Bénéficiaire réorienté", "Structure de redirection", "Commune du bénéficiaire", "Code INSEE du bénéficiaire", "Tranche d'âge", "Genre", "Statut", "ID",
            ],
            ActivityExchangeFormat.Headers);
    }

    [Fact]
    public void EveryLabelOfEveryListIsWrittenAndReadBack()
    {
        foreach (var (equipment, label) in ActivityLabels.All<ActivityEquipment>())
        {
            var row = ActivityExchangeFormat.ToRow(Individual(equipment: equipment));
            Assert.Equal(label, row[11]);
            Assert.Equal([equipment], RoundTrip(Individual(equipment: equipment)).Equipment);
        }

        foreach (var (theme, label) in ActivityLabels.All<ActivityTheme>())
        {
            Assert.Equal(label, ActivityExchangeFormat.ToRow(Individual(themes: theme))[12]);
            Assert.Equal([theme], RoundTrip(Individual(themes: theme)).Themes);
        }

        foreach (var (family, label) in ActivityLabels.All<ProcedureFamily>())
        {
            var item = Individual(themes: ActivityTheme.AdministrativeProcedures, families: family);
            Assert.Equal(label, ActivityExchangeFormat.ToRow(item)[13]);
            Assert.Equal([family], RoundTrip(item).ProcedureFamilies);
        }

        foreach (var (autonomy, label) in ActivityLabels.All<Autonomy>())
        {
            Assert.Equal(label, ActivityExchangeFormat.ToRow(Individual(autonomy: autonomy))[15]);
            Assert.Equal(autonomy, RoundTrip(Individual(autonomy: autonomy)).Autonomy);
        }

        foreach (var (referral, label) in ActivityLabels.All<ReferralTarget>())
        {
            var row = ActivityExchangeFormat.ToRow(Individual(referral: referral));
            Assert.Equal(["Oui", label], row[16..18]);
            Assert.Equal(referral, RoundTrip(Individual(referral: referral)).Referral);
        }

        foreach (var (age, label) in ActivityLabels.All<AgeBand>())
        {
            Assert.Equal(label, ActivityExchangeFormat.ToRow(Individual(age: age))[20]);
            Assert.Equal(age, RoundTrip(Individual(age: age)).BeneficiaryAgeBand);
        }

        foreach (var (gender, label) in ActivityLabels.All<Gender>())
        {
            Assert.Equal(label, ActivityExchangeFormat.ToRow(Individual(gender: gender))[21]);
            Assert.Equal(gender, RoundTrip(Individual(gender: gender)).BeneficiaryGender);
        }

        foreach (var (status, label) in ActivityLabels.All<BeneficiaryStatus>())
        {
            Assert.Equal(label, ActivityExchangeFormat.ToRow(Individual(status: status))[22]);
            Assert.Equal(status, RoundTrip(Individual(status: status)).BeneficiaryStatus);
        }

        foreach (var (location, label) in ActivityLabels.All<ActivityLocation>().Where(l => l.Value != ActivityLocation.Place))
        {
            Assert.Equal(label, ActivityExchangeFormat.ToRow(Individual(location: location))[3]);
            Assert.Equal(location, RoundTrip(Individual(location: location)).Location);
        }

        foreach (var (level, label) in ActivityLabels.All<WorkshopLevel>())
        {
            var workshop = new ActivityExportItem
            {
                Type = ActivityType.Collective,
                Date = new DateOnly(2025, 3, 5),
                DurationMinutes = 120,
                ParticipantCount = 8,
                Location = ActivityLocation.Remote,
                Themes = ActivityTheme.Security,
                WorkshopTitle = "Protéger ses données",
                WorkshopLevel = level,
            };
            var row = ActivityExchangeFormat.ToRow(workshop);
            Assert.Equal([label, "Atelier collectif", "8"], [row[15], row[1], row[2]]);
            var input = RoundTrip(workshop);
            Assert.Equal((level, 8, "Protéger ses données"), (input.WorkshopLevel!.Value, input.AnonymousParticipants, input.WorkshopTitle));
        }

        var quick = ActivityExchangeFormat.ToRow(new ActivityExportItem { Type = ActivityType.QuickRequest, Date = new DateOnly(2025, 1, 2), DurationMinutes = 5, Location = ActivityLocation.Remote, Themes = ActivityTheme.Email });
        Assert.Equal("Demande ponctuelle", quick[1]);
        Assert.Equal(ActivityType.QuickRequest, RoundTrip(new ActivityExportItem { Type = ActivityType.QuickRequest, Date = new DateOnly(2025, 1, 2), DurationMinutes = 5, Location = ActivityLocation.Remote, Themes = ActivityTheme.Email }).Type);
    }

    [Fact]
    public void MultiValuesAreJoinedWithACommaInListOrderAndTheCommuneColumnsHoldTheCommuneAtHome()
    {
        var row = ActivityExchangeFormat.ToRow(Individual(
            equipment: ActivityEquipment.Phone | ActivityEquipment.Computer, themes: ActivityTheme.AdministrativeProcedures | ActivityTheme.Email,
            families: ProcedureFamily.Housing | ProcedureFamily.MoneyAndTaxes, location: ActivityLocation.Home));

        Assert.Equal("05/03/2025", row[0]);
        Assert.Equal("Ordinateur, Téléphone", row[11]);
        Assert.Equal("E-mail, Aide aux démarches administratives", row[12]);
        Assert.Equal("Logement, Argent - Impôts", row[13]);
        Assert.Equal(["À domicile", "", "", "Saint-Étienne", "42000", SaintEtienne], row[3..9]);
        Assert.Equal(["Saint-Étienne", SaintEtienne], row[18..20]);
        Assert.Equal("Non", row[16]);
        Assert.Equal("42", row[23]);
    }

    [Fact]
    public void ANamedBeneficiaryIsWrittenWithItsBirthYearsAgeBandNeverItsName()
    {
        var item = new ActivityExportItem
        {
            Type = ActivityType.Individual,
            Date = new DateOnly(2025, 6, 10),
            DurationMinutes = 30,
            ParticipantCount = 1,
            Location = ActivityLocation.Remote,
            Themes = ActivityTheme.Email,
            HasFile = true,
            FileBirthYear = 1960,
            FileCommuneCode = "42207",
            FileGender = Gender.Female,
            FileStatus = BeneficiaryStatus.Retired,
        };

        var row = ActivityExchangeFormat.ToRow(item);

        Assert.Equal(["Saint-Chamond", "42207", "60-69 ans", "Féminin", "Retraité"], row[18..23]);
    }

    [Fact]
    public void LabelsAreReadBackWhateverTheirCaseAccentsSpacingAndSeparators()
    {
        var values = new Dictionary<string, string>
        {
            ["Date"] = "2025-03-05",
            ["Type"] = "accompagnement INDIVIDUEL",
            ["Canaux"] = "a distance",
            ["Durée (min)"] = "45 min",
            ["Matériel"] = "ordinateur; TELEPHONE",
            ["Thématique(s)"] = "email | aide aux demarches administratives",
            ["Démarche(s)"] = "argent impots",
            ["Niveau d'autonomie ou de l'atelier"] = "autonome",
            ["Bénéficiaire réorienté"] = "oui",
            ["Structure de redirection"] = "structure d aide sociale",
            ["Commune du bénéficiaire"] = "saint etienne",
            ["Tranche d'âge"] = "70 ANS ET PLUS",
            ["Genre"] = "feminin",
            ["Statut"] = "retraite",
        };
        var errors = new List<ActivityLineError>();

        var input = ActivityExchangeFormat.Parse(7, values, errors)!.Input;

        Assert.Empty(errors);
        Assert.Equal(new DateOnly(2025, 3, 5), input.Date);
        Assert.Equal(45, input.DurationMinutes);
        Assert.Equal(ActivityLocation.Remote, input.Location);
        Assert.Equal([ActivityEquipment.Computer, ActivityEquipment.Phone], input.Equipment);
        Assert.Equal([ActivityTheme.Email, ActivityTheme.AdministrativeProcedures], input.Themes);
        Assert.Equal([ProcedureFamily.MoneyAndTaxes], input.ProcedureFamilies);
        Assert.Equal(Autonomy.Autonomous, input.Autonomy);
        Assert.Equal(ReferralTarget.SocialSupport, input.Referral);
        Assert.Equal(SaintEtienne, input.BeneficiaryCommuneCode);
        Assert.Equal((AgeBand.From70, Gender.Female, BeneficiaryStatus.Retired), (input.BeneficiaryAgeBand, input.BeneficiaryGender, input.BeneficiaryStatus));
        Assert.Equal("Durée (min)", ActivityExchangeFormat.Column("duree  MIN"));
        Assert.Equal("Thématique(s)", ActivityExchangeFormat.Column("THEMATIQUE(S)"));
    }

    [Fact]
    public void ACommuneIsReadByItsCodeEvenWithoutItsLeadingZeroOrByItsNameAndAnUnknownCodeIsReported()
    {
        var values = new Dictionary<string, string>
        {
            ["Date"] = "05/03/2025",
            ["Type"] = "Accompagnement individuel",
            ["Canaux"] = "À domicile",
            ["Durée (min)"] = "30",
            ["Thématique(s)"] = "E-mail",
            ["Commune du lieu"] = "Saint-Chamond",
            ["Code INSEE du bénéficiaire"] = "1053",
        };
        var errors = new List<ActivityLineError>();

        var input = ActivityExchangeFormat.Parse(2, values, errors)!.Input;

        Assert.Empty(errors);
        Assert.Equal(("42207", "01053"), (input.LocationCommuneCode, input.BeneficiaryCommuneCode));

        values["Code INSEE du bénéficiaire"] = "99999";
        Assert.Null(ActivityExchangeFormat.Parse(2, values, errors));
        Assert.Equal("Code INSEE du bénéficiaire", Assert.Single(errors).Column);
    }

    [Fact]
    public void EachUnreadableValueIsReportedOnItsColumnInFrench()
    {
        var values = new Dictionary<string, string>
        {
            ["Date"] = "32/13/2025",
            ["Type"] = "Atelier collectif",
            ["Canaux"] = "Par pigeon",
            ["Durée (min)"] = "longtemps",
            ["Thématique(s)"] = "E-mail, Jardinage",
            ["Participants"] = "",
            ["Bénéficiaire réorienté"] = "Oui",
        };
        var errors = new List<ActivityLineError>();

        Assert.Null(ActivityExchangeFormat.Parse(4, values, errors));

        Assert.All(errors, e => Assert.Equal(4, e.Line));
        Assert.Equal(["Date", "Durée (min)", "Canaux", "Thématique(s)", "Participants", "Structure de redirection"], errors.Select(e => e.Column));
        Assert.Contains("jj/mm/aaaa", errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("« Jardinage »", errors[3].Message, StringComparison.Ordinal);

        var unknownType = new List<ActivityLineError>();
        Assert.Null(ActivityExchangeFormat.Parse(9, new Dictionary<string, string> { ["Type"] = "Aide à domicile" }, unknownType));
        Assert.Equal("Type", Assert.Single(unknownType).Column);
    }

    [Fact]
    public void CsvValuesWithTheSeparatorQuotesOrLineBreaksAreQuotedAndReadBackWhole()
    {
        var item = new ActivityExportItem
        {
            Id = 7,
            Type = ActivityType.Collective,
            Date = new DateOnly(2025, 3, 5),
            DurationMinutes = 90,
            ParticipantCount = 3,
            Location = ActivityLocation.Remote,
            Themes = ActivityTheme.Creating,
            WorkshopTitle = "Le \"CV\" ; version 2\nsur deux lignes",
            Referral = ReferralTarget.Administration,
        };
        var row = ActivityExchangeFormat.ToRow(item);
        var line = ActivityExchangeFormat.CsvLine(row);
        Assert.Contains("\"Le \"\"CV\"\" ; version 2\nsur deux lignes\"", line, StringComparison.Ordinal);
        Assert.Contains(";Administration (mairie, préfecture…);", line, StringComparison.Ordinal);

        var csv = ActivityExchangeFormat.CsvLine(ActivityExchangeFormat.Headers) + "\r\n" + line + "\r\n";
        var bytes = ActivityExchangeFormat.CsvEncoding.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv)).ToArray();
        var content = ActivityFileReader.Read(new MemoryStream(bytes), "activites.csv");

        Assert.Empty(content.Errors);
        var (number, values) = Assert.Single(content.Rows);
        Assert.Equal(2, number);
        Assert.Equal("Le \"CV\" ; version 2\nsur deux lignes", values["Nom de l'atelier"]);
        Assert.Equal("Administration (mairie, préfecture…)", values["Structure de redirection"]);
        Assert.Equal(row, ActivityExchangeFormat.Headers.Select(h => values[h]));
    }

    [Fact]
    public void AFileWithoutTheRequiredColumnsIsRefusedWithTheMissingOnesNamed()
    {
        var bytes = Encoding.UTF8.GetBytes("Nom;Prénom;Téléphone\nDupont;Jean;0600000000\n");

        var content = ActivityFileReader.Read(new MemoryStream(bytes), "contacts.csv");

        var error = Assert.Single(content.Errors);
        Assert.Empty(content.Rows);
        Assert.Equal(1, error.Line);
        Assert.Contains("Date, Type, Canaux, Durée (min), Thématique(s)", error.Message, StringComparison.Ordinal);
        Assert.Contains("Nom, Prénom, Téléphone", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AFileThatIsNeitherUtf8NorAWorkbookIsRefusedInFrench()
    {
        var latin1 = Encoding.Latin1.GetBytes("Date;Type\n05/03/2025;Thématique\n");
        Assert.Contains("UTF-8", Assert.Single(ActivityFileReader.Read(new MemoryStream(latin1), "a.csv").Errors).Message, StringComparison.Ordinal);

        var fakeWorkbook = Encoding.UTF8.GetBytes("ceci n'est pas un classeur");
        Assert.Contains("classeur Excel valide", Assert.Single(ActivityFileReader.Read(new MemoryStream(fakeWorkbook), "a.xlsx").Errors).Message, StringComparison.Ordinal);

        var brokenZip = new byte[] { 0x50, 0x4B, 0x03, 0x04, 1, 2, 3 };
        Assert.Contains("n'a pas pu être lu", Assert.Single(ActivityFileReader.Read(new MemoryStream(brokenZip), "a.xlsx").Errors).Message, StringComparison.Ordinal);
    }
}
