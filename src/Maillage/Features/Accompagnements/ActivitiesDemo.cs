using Maillage.Data;
using Maillage.Features.Comptes;
using Maillage.Features.Lieux;
using Maillage.Features.Structures;
using Maillage.Shared.Text;
using Maillage.Shared.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Accompagnements;

/// <summary>
/// A year of the Saint-Étienne unit's activity, as the press describes it: five advisors holding drop-in hours in the
/// maisons des habitant·es (where 85 % of requests are online administrative forms), in the libraries (culture, creation),
/// and running « mini-formations » workshops; about 900 people accompanied in the year (the unit reported 800 in 2022).
/// Every record goes through <see cref="ActivityService.Apply"/> from an input the rules accept; dates end yesterday.
/// Deterministic for a given day: a fixed seed, dates relative to the injected clock.
/// </summary>
public sealed class ActivitiesDemo(AppDbContext db, UserManager<AppUser> users, TimeProvider clock, ILogger<ActivitiesDemo> logger) : IDemoContributor
{
    public int Order => 20;

    public const string UnitName = "Ville de Saint-Étienne — Unité Inclusion numérique";

    /// <summary>The four advisors added to the existing conseiller@ account (invented people).</summary>
    public static readonly (string Email, string Name)[] Advisors =
    [
        ("ines.garnier@demo.maillage.fr", "Inès Garnier"),
        ("hugo.bernard@demo.maillage.fr", "Hugo Bernard"),
        ("julie.moreau@demo.maillage.fr", "Julie Moreau"),
        ("karim.benali@demo.maillage.fr", "Karim Benali"),
    ];

    public const string ConsentPurpose =
        "Garder la trace de vos accompagnements numériques pour reprendre là où nous nous sommes arrêtés et mesurer vos progrès. " +
        "Seuls les conseillers de l'Unité Inclusion numérique y ont accès ; la fiche est anonymisée après 24 mois sans accompagnement, " +
        "et vous pouvez demander à tout moment à la consulter ou à l'effacer.";

    private enum Setting
    {
        /// <summary>Maisons des habitant·es and e-administration desks: mostly online administrative forms.</summary>
        CommunityCentre,
        Library,
        Youth,
        Employment,
        Seniors,
    }

    /// <summary>Where each advisor holds drop-in hours (place names of <see cref="PlacesDemo"/>, with weights), how busy they are.</summary>
    private sealed record Profile(string Email, (string Place, double Weight)[] Places, int Individual, int Quick, int Workshops);

    private static readonly Profile[] Profiles =
    [
        new("conseiller@demo.maillage.fr", [("EPN Montreynaud — Maison des habitant·es", 4), ("EPN e-administration — Quartiers sud-est", 4), ("EPN Solaure", 2)], 100, 45, 6),
        new("ines.garnier@demo.maillage.fr", [("EPN de la Cotonne", 5), ("EPN Tarentaize", 3), ("EPN de Montferré", 2)], 95, 40, 6),
        new("hugo.bernard@demo.maillage.fr", [("EPN Culture — Médiathèque Tarentaize", 5), ("EPN Parentalité numérique — Bibliothèque Pablo-Neruda", 5)], 70, 35, 15),
        new("julie.moreau@demo.maillage.fr", [("EPN Beaubrun", 3.5), ("EPN Crêt de Roch", 2.5), ("EPN Jeunesse — Point information jeunesse", 2), ("EPN Emploi — MIFE Loire Sud", 2)], 85, 40, 8),
        new("karim.benali@demo.maillage.fr", [("EPN Médiation numérique — PIMMS", 4), ("EPN Seniors — Office stéphanois des personnes âgées", 2), ("EPN Bellevue", 2), ("EPN Terrenoire", 2)], 90, 40, 7),
    ];

    /// <summary>The « mini-formations » named in the seeds, with their theme.</summary>
    private static readonly (string Title, ActivityTheme Theme)[] Workshops =
    [
        ("Protéger ses données personnelles", ActivityTheme.Security),
        ("Maîtriser les réseaux sociaux", ActivityTheme.SocialNetworks),
        ("Vérifier les sources d'information", ActivityTheme.DigitalCulture),
        ("Faire son CV", ActivityTheme.Employment),
        ("Vendre un objet en ligne", ActivityTheme.BankingAndShopping),
        ("Acheter en ligne en toute sécurité", ActivityTheme.BankingAndShopping),
        ("Travailler à distance", ActivityTheme.OfficeSoftware),
        ("Consulter un médecin en téléconsultation", ActivityTheme.Health),
    ];

    private static readonly (ProcedureFamily Family, string[] Names, double Weight)[] Procedures =
    [
        (ProcedureFamily.SocialAndHealth, ["Compte Ameli", "Demande de complémentaire santé solidaire", "Dossier CAF", "Demande de RSA"], 28),
        (ProcedureFamily.MoneyAndTaxes, ["Déclaration de revenus", "Prime d'activité", "Paiement d'une amende"], 16),
        (ProcedureFamily.WorkAndTraining, ["Inscription France Travail", "Actualisation mensuelle", "Compte personnel de formation"], 15),
        (ProcedureFamily.IdentityAndCitizenship, ["Pré-demande de carte d'identité", "Renouvellement de passeport", "Inscription sur les listes électorales"], 13),
        (ProcedureFamily.Housing, ["Demande de logement social", "Aide personnalisée au logement", "Chèque énergie"], 11),
        (ProcedureFamily.FamilyAndSchooling, ["Inscription à la cantine", "Bourse des collèges", "Pronote"], 7),
        (ProcedureFamily.Transport, ["Carte grise", "Abonnement STAS", "Permis de conduire"], 5),
        (ProcedureFamily.ForeignersAndEurope, ["Titre de séjour", "Naturalisation"], 4),
        (ProcedureFamily.Justice, ["Plainte en ligne"], 1),
    ];

    /// <summary>Named files (invented people): first name, last name, gender, birth year, status, commune.</summary>
    private static readonly (string First, string Last, Gender Gender, int BirthYear, BeneficiaryStatus Status, string Commune)[] People =
    [
        ("Josiane", "Vernay", Gender.Female, 1948, BeneficiaryStatus.Retired, "42218"),
        ("Abdelkader", "Mansouri", Gender.Male, 1957, BeneficiaryStatus.Retired, "42218"),
        ("Sylvie", "Chapuis", Gender.Female, 1969, BeneficiaryStatus.Unemployed, "42218"),
        ("Mireille", "Bonnefoy", Gender.Female, 1943, BeneficiaryStatus.Retired, "42330"),
        ("Kevin", "Ollier", Gender.Male, 2001, BeneficiaryStatus.Unemployed, "42218"),
        ("Fatima", "Zerrouki", Gender.Female, 1975, BeneficiaryStatus.Employed, "42218"),
        ("Gérard", "Peyrache", Gender.Male, 1951, BeneficiaryStatus.Retired, "42218"),
        ("Aminata", "Sow", Gender.Female, 1988, BeneficiaryStatus.Unemployed, "42218"),
        ("Odette", "Faure-Brac", Gender.Female, 1939, BeneficiaryStatus.Retired, "42218"),
        ("Jean-Pierre", "Rivollier", Gender.Male, 1960, BeneficiaryStatus.Retired, "42095"),
        ("Nathalie", "Granger", Gender.Female, 1972, BeneficiaryStatus.Employed, "42218"),
        ("Mohamed", "Belkacem", Gender.Male, 1964, BeneficiaryStatus.Unemployed, "42218"),
        ("Lucienne", "Tardy", Gender.Female, 1946, BeneficiaryStatus.Retired, "42189"),
        ("Dylan", "Ferrand", Gender.Male, 2004, BeneficiaryStatus.InEducation, "42218"),
        ("Chantal", "Montagnon", Gender.Female, 1958, BeneficiaryStatus.Retired, "42218"),
        ("Ibrahim", "Koné", Gender.Male, 1983, BeneficiaryStatus.Employed, "42218"),
        ("Yvette", "Grangeon", Gender.Female, 1941, BeneficiaryStatus.Retired, "42218"),
        ("Rachid", "Amrani", Gender.Male, 1970, BeneficiaryStatus.Unemployed, "42044"),
        ("Martine", "Couturier", Gender.Female, 1955, BeneficiaryStatus.Retired, "42218"),
        ("Léon", "Crozet", Gender.Male, 1947, BeneficiaryStatus.Retired, "42218"),
        ("Samia", "Haddouche", Gender.Female, 1991, BeneficiaryStatus.Unemployed, "42218"),
        ("Bernadette", "Royer", Gender.Female, 1950, BeneficiaryStatus.Retired, "42207"),
        ("Alain", "Thiollière", Gender.Male, 1962, BeneficiaryStatus.Employed, "42218"),
        ("Noura", "Benslimane", Gender.Female, 1979, BeneficiaryStatus.Unemployed, "42218"),
        ("Marcel", "Épinat", Gender.Male, 1944, BeneficiaryStatus.Retired, "42218"),
        ("Jessica", "Pallandre", Gender.Female, 1996, BeneficiaryStatus.Employed, "42218"),
        ("Ginette", "Soulier", Gender.Female, 1938, BeneficiaryStatus.Retired, "42218"),
        ("Moussa", "Diarra", Gender.Male, 1986, BeneficiaryStatus.Unemployed, "42218"),
        ("Paulette", "Chambon", Gender.Female, 1953, BeneficiaryStatus.Retired, "42330"),
        ("Thierry", "Gonon", Gender.Male, 1966, BeneficiaryStatus.Unemployed, "42218"),
    ];

    /// <summary>Communes of residence: Saint-Étienne for most, a few of the neighbouring ones.</summary>
    private static readonly (string Code, double Weight)[] Communes = [("42218", 80), ("42330", 4), ("42095", 3), ("42189", 3), ("42044", 3), ("42207", 2)];

    private static readonly (AgeBand Band, double Weight)[] AgeBands =
    [
        (AgeBand.From12To17, 2), (AgeBand.From18To24, 7), (AgeBand.From25To39, 16), (AgeBand.From40To59, 24),
        (AgeBand.From60To69, 19), (AgeBand.From70, 24), (AgeBand.Unknown, 8),
    ];

    private static readonly (BeneficiaryStatus Status, double Weight)[] Statuses =
    [
        (BeneficiaryStatus.Retired, 40), (BeneficiaryStatus.Unemployed, 25), (BeneficiaryStatus.Employed, 18),
        (BeneficiaryStatus.InEducation, 5), (BeneficiaryStatus.Unknown, 12),
    ];

    private readonly Random rng = new(42218);

    public async Task SeedAsync(CancellationToken ct)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var cpu = Environment.CpuUsage.TotalTime;
        var unit = await db.Organizations.SingleAsync(o => o.Name == UnitName, ct);
        var places = await db.Places.AsNoTracking().Where(p => p.ImportSource == Place.OwnSource && p.MergedIntoId == null)
            .Select(p => new { p.Id, p.Name, p.Theme }).ToDictionaryAsync(p => p.Name, ct);
        var existing = await db.Users.SingleAsync(u => u.Email == Profiles[0].Email, ct);
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(ParisTime.ToParis(now).DateTime);

        // Same password as the other demo accounts: its hash is copied, not recomputed (seeding runs before every browser-test class).
        var advisorIds = new Dictionary<string, string> { [existing.Email!] = existing.Id };
        foreach (var (email, name) in Advisors)
        {
            var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = name, CreatedAt = now, PasswordHash = existing.PasswordHash };
            var result = await users.CreateAsync(user);
            if (!result.Succeeded)
            {
                throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
            }

            db.Grants.Add(new Grant { UserId = user.Id, Role = Role.Conseiller, OrganizationId = unit.Id, GrantedAt = now });
            advisorIds[email] = user.Id;
        }

        var activities = new List<Activity>();
        var files = new List<Beneficiary>();
        var personIndex = 0;
        foreach (var profile in Profiles)
        {
            var advisorId = advisorIds[profile.Email];
            var spots = profile.Places.Select(p => (Id: places[p.Place].Id, Setting: SettingOf(places[p.Place].Theme), p.Weight)).ToArray();
            var days = WorkingDays(today);
            (int Id, Setting Setting) Spot()
            {
                var s = spots[Pick(spots.Select(x => x.Weight).ToArray())];
                return (s.Id, s.Setting);
            }

            Activity New(ActivityInput input, DateOnly date)
            {
                input.OrganizationId = unit.Id;
                input.Date = date;
                var at = new DateTimeOffset(date.ToDateTime(new TimeOnly(8, 30)), TimeSpan.Zero).AddMinutes(rng.Next(0, 9 * 60));
                var activity = new Activity { AdvisorId = advisorId, OrganizationId = unit.Id, CreatedAt = at };
                ActivityService.Apply(input, activity, at);
                activities.Add(activity);
                return activity;
            }

            for (var i = 0; i < profile.Individual; i++)
            {
                var (placeId, setting) = Spot();
                New(Individual(placeId, setting), days[rng.Next(days.Count)]);
            }

            for (var i = 0; i < profile.Quick; i++)
            {
                var (placeId, setting) = Spot();
                New(Quick(placeId, setting), days[rng.Next(days.Count)]);
            }

            // Six named files per advisor, each followed over several visits while the person gains autonomy.
            var own = new List<Beneficiary>();
            for (var f = 0; f < 6; f++)
            {
                var person = People[personIndex++];
                var visits = rng.Next(3, 7);
                var first = rng.Next(0, days.Count - visits * 12);
                var dates = Enumerable.Range(0, visits).Select(v => days[Math.Min(days.Count - 1, first + (v * (days.Count - first) / visits) + rng.Next(0, 5))]).Distinct().Order().ToList();
                var consentAt = new DateTimeOffset(dates[0].ToDateTime(new TimeOnly(8, 0)), TimeSpan.Zero);
                var file = new Beneficiary
                {
                    OrganizationId = unit.Id,
                    FirstName = person.First,
                    LastName = person.Last,
                    SearchName = TextFold.Fold($"{person.First} {person.Last}"),
                    Phone = f % 3 == 2 ? null : $"06 {rng.Next(10, 99)} {rng.Next(10, 99)} {rng.Next(10, 99)} {rng.Next(10, 99)}",
                    Email = f % 3 == 2 ? $"{TextFold.Fold(person.First).Replace(' ', '-')}.{TextFold.Fold(person.Last).Replace(' ', '-')}@example.org" : null,
                    BirthYear = person.BirthYear,
                    CommuneCode = person.Commune,
                    Gender = person.Gender,
                    Status = person.Status,
                    ConsentAt = consentAt,
                    ConsentById = advisorId,
                    ConsentPurpose = ConsentPurpose,
                    CreatedById = advisorId,
                    CreatedAt = consentAt,
                    ModifiedAt = consentAt,
                    LastActivityOn = dates[^1],
                };
                files.Add(file);
                own.Add(file);
                var spot = Spot();
                for (var v = 0; v < dates.Count; v++)
                {
                    // Avec guidage at first, autonomous by the last visit.
                    var autonomy = v == dates.Count - 1 ? Autonomy.Autonomous : v < dates.Count / 2 ? Autonomy.Guided : Autonomy.PartlyAutonomous;
                    var input = Individual(spot.Id, spot.Setting);
                    input.Autonomy = autonomy;
                    input.BeneficiaryAgeBand = Beneficiary.AgeBandOf(person.BirthYear, dates[v]);
                    input.BeneficiaryGender = person.Gender;
                    input.BeneficiaryStatus = person.Status;
                    input.BeneficiaryCommuneCode = person.Commune;
                    New(input, dates[v]).Beneficiary = file;
                }
            }

            for (var i = 0; i < profile.Workshops; i++)
            {
                var (placeId, _) = Spot();
                var date = days[rng.Next(days.Count)];
                var workshop = New(Workshop(placeId), date);

                // Now and then a followed person joins a workshop after their first visit.
                if (rng.NextDouble() < 0.3 && own.FirstOrDefault(b => b.ConsentAt <= new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)) is { } named)
                {
                    workshop.Participants.Add(new ActivityParticipant { Beneficiary = named });
                    workshop.ParticipantCount++;
                    if (named.LastActivityOn < date)
                    {
                        named.LastActivityOn = date;
                    }
                }
            }
        }

        // Chronological ids, as advisors would have recorded them.
        db.Beneficiaries.AddRange(files);
        db.Activities.AddRange(activities.OrderBy(a => a.Date).ThenBy(a => a.CreatedAt));
        var built = watch.ElapsedMilliseconds;
        await db.SaveChangesAsync(ct);

        // Seeding runs before every browser-test class: keep an eye on its cost (CPU too, as the test machines are shared).
        logger.LogInformation("Demo activities seeded: {Advisors} advisors, {Activities} records, {People} accompaniments, {Files} named files in {Elapsed} ms ({Built} ms before saving, {Cpu} ms CPU)",
            advisorIds.Count, activities.Count, activities.Sum(a => a.ParticipantCount), files.Count, watch.ElapsedMilliseconds, built, (long)(Environment.CpuUsage.TotalTime - cpu).TotalMilliseconds);
    }

    private static Setting SettingOf(string? theme) => theme switch
    {
        "Culture" or "Parentalité numérique" => Setting.Library,
        "Jeunesse" => Setting.Youth,
        "Emploi" => Setting.Employment,
        "Seniors" => Setting.Seniors,
        _ => Setting.CommunityCentre,
    };

    /// <summary>Weekdays of the last 365 days up to yesterday, minus three weeks of August (one worked, at random) and the end-of-year week.</summary>
    private List<DateOnly> WorkingDays(DateOnly today)
    {
        var summer = rng.Next(0, 4);
        var days = new List<DateOnly>();
        for (var d = today.AddDays(-365); d < today; d = d.AddDays(1))
        {
            var holiday = (d.Month == 8 && (d.Day / 8) != summer) || (d.Month == 12 && d.Day >= 24) || (d.Month == 1 && d.Day == 1);
            if (d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !holiday)
            {
                days.Add(d);
            }
        }

        return days;
    }

    private ActivityInput Individual(int placeId, Setting setting)
    {
        var input = new ActivityInput
        {
            Type = ActivityType.Individual,
            DurationMinutes = Weighted([(15, 10), (30, 34), (45, 24), (60, 20), (90, 8), (120, 4)]),
            Autonomy = rng.NextDouble() < 0.85 ? Weighted([(Autonomy.Guided, 45), (Autonomy.PartlyAutonomous, 35), (Autonomy.Autonomous, 20)]) : null,
            BeneficiaryAgeBand = Weighted(setting == Setting.Youth ? [(AgeBand.From12To17, 30), (AgeBand.From18To24, 60), (AgeBand.From25To39, 10)] : setting == Setting.Seniors ? [(AgeBand.From60To69, 40), (AgeBand.From70, 60)] : AgeBands),
            BeneficiaryGender = Weighted([(Gender.Female, 55), (Gender.Male, 38), (Gender.Unknown, 7)]),
            BeneficiaryStatus = Weighted(setting == Setting.Seniors ? [(BeneficiaryStatus.Retired, 1)] : setting == Setting.Employment ? [(BeneficiaryStatus.Unemployed, 80), (BeneficiaryStatus.Employed, 20)] : Statuses),
            BeneficiaryCommuneCode = rng.NextDouble() < 0.85 ? Weighted(Communes) : null,
        };
        if (input.BeneficiaryAgeBand is AgeBand.From12To17 or AgeBand.From18To24 && input.BeneficiaryStatus == BeneficiaryStatus.Retired)
        {
            input.BeneficiaryStatus = BeneficiaryStatus.InEducation;
        }

        Where(input, placeId);
        input.Equipment = [Weighted([(ActivityEquipment.Computer, 48), (ActivityEquipment.Phone, 36), (ActivityEquipment.Tablet, 10), (ActivityEquipment.NoEquipment, 6)])];
        var procedures = setting switch
        {
            Setting.CommunityCentre => 0.85,
            Setting.Employment => 0.3,
            Setting.Seniors => 0.3,
            Setting.Youth => 0.15,
            _ => 0.05,
        };
        if (rng.NextDouble() < procedures)
        {
            Procedure(input, setting);
        }
        else
        {
            input.Themes = [.. Themes(setting)];
        }

        if (rng.NextDouble() < 0.08)
        {
            // Referred on: to the operator of the procedure, France Services, a social or employment structure.
            input.Referral = input.ProcedureFamilies.Count > 0
                ? Weighted([(ReferralTarget.ProcedureOperator, 40), (ReferralTarget.AdministrativeHelp, 30), (ReferralTarget.SocialSupport, 20), (ReferralTarget.Administration, 10)])
                : Weighted([(ReferralTarget.OtherDigitalMediation, 50), (ReferralTarget.EmploymentSupport, 30), (ReferralTarget.Other, 20)]);
        }

        return input;
    }

    private ActivityInput Quick(int placeId, Setting setting)
    {
        var input = new ActivityInput { Type = ActivityType.QuickRequest, DurationMinutes = Weighted([(5, 50), (10, 35), (15, 15)]) };
        if (rng.NextDouble() < 0.85)
        {
            input.Location = ActivityLocation.Place;
            input.PlaceId = placeId;
        }
        else
        {
            input.Location = ActivityLocation.Remote;
        }

        input.Equipment = [Weighted([(ActivityEquipment.Computer, 40), (ActivityEquipment.Phone, 40), (ActivityEquipment.NoEquipment, 20)])];
        if (setting == Setting.CommunityCentre && rng.NextDouble() < 0.85)
        {
            // Printing a form, scanning a document: the quick help of the maisons des habitant·es.
            input.Themes = [ActivityTheme.AdministrativeProcedures];
            input.ProcedureFamilies = [Weighted(Procedures.Select(p => (p.Family, p.Weight)).ToArray())];
        }
        else
        {
            input.Themes = [Themes(setting)[0]];
        }

        return input;
    }

    private ActivityInput Workshop(int placeId)
    {
        var (title, theme) = Workshops[rng.Next(Workshops.Length)];
        var participants = rng.Next(4, 13);
        var input = new ActivityInput
        {
            Type = ActivityType.Collective,
            DurationMinutes = Weighted([(90, 50), (120, 35), (60, 15)]),
            Location = ActivityLocation.Place,
            PlaceId = placeId,
            Equipment = [Weighted([(ActivityEquipment.Computer, 60), (ActivityEquipment.Tablet, 25), (ActivityEquipment.Phone, 15)])],
            Themes = [theme],
            WorkshopTitle = title,
            WorkshopLevel = Weighted([(WorkshopLevel.Beginner, 60), (WorkshopLevel.Intermediate, 30), (WorkshopLevel.Advanced, 10)]),
            AnonymousParticipants = participants,
            AnonymousAlreadyAccompanied = rng.Next(0, participants + 1),
        };
        for (var p = 0; p < participants; p++)
        {
            Count(input.AnonymousByAgeBand, Weighted(AgeBands));
            Count(input.AnonymousByGender, Weighted([(Gender.Female, 58), (Gender.Male, 42)]));
            Count(input.AnonymousByStatus, Weighted(Statuses));
        }

        // « Non communiqué » is what is left over, not a count of its own.
        input.AnonymousByAgeBand.Remove(AgeBand.Unknown);
        input.AnonymousByStatus.Remove(BeneficiaryStatus.Unknown);
        return input;
    }

    private static void Count<T>(Dictionary<T, int> counts, T value) where T : notnull => counts[value] = counts.GetValueOrDefault(value) + 1;

    private void Where(ActivityInput input, int placeId)
    {
        var r = rng.NextDouble();
        if (r < 0.86)
        {
            input.Location = ActivityLocation.Place;
            input.PlaceId = placeId;
        }
        else if (r < 0.93)
        {
            input.Location = ActivityLocation.Remote;
        }
        else if (r < 0.97)
        {
            input.Location = ActivityLocation.Home;
            input.LocationCommuneCode = "42218";
        }
        else
        {
            // A permanence at the CCAS or a social centre outside the network.
            input.Location = ActivityLocation.OtherPlace;
            input.LocationCommuneCode = "42218";
        }
    }

    private void Procedure(ActivityInput input, Setting setting)
    {
        var weights = Procedures.Select(p => (p, setting == Setting.Employment && p.Family == ProcedureFamily.WorkAndTraining ? p.Weight * 8 : p.Weight)).ToArray();
        var procedure = Weighted(weights);
        input.Themes = [ActivityTheme.AdministrativeProcedures];
        input.ProcedureFamilies = [procedure.Family];
        input.ProcedureName = rng.NextDouble() < 0.6 ? procedure.Names[rng.Next(procedure.Names.Length)] : null;
        if (rng.NextDouble() < 0.15)
        {
            // Creating the e-mail address or the account the procedure asks for.
            input.Themes.Add(rng.NextDouble() < 0.6 ? ActivityTheme.Email : ActivityTheme.DigitalContent);
        }
    }

    private List<ActivityTheme> Themes(Setting setting)
    {
        (ActivityTheme, double)[] weights = setting switch
        {
            Setting.Library => [(ActivityTheme.DigitalCulture, 25), (ActivityTheme.Creating, 22), (ActivityTheme.WebBrowsing, 12), (ActivityTheme.Parenting, 10), (ActivityTheme.Schooling, 8), (ActivityTheme.Security, 10), (ActivityTheme.ArtificialIntelligence, 5), (ActivityTheme.DigitalContent, 8)],
            Setting.Youth => [(ActivityTheme.SocialNetworks, 30), (ActivityTheme.Security, 20), (ActivityTheme.Employment, 20), (ActivityTheme.Creating, 15), (ActivityTheme.Schooling, 15)],
            Setting.Employment => [(ActivityTheme.Employment, 60), (ActivityTheme.OfficeSoftware, 25), (ActivityTheme.Email, 15)],
            Setting.Seniors => [(ActivityTheme.DeviceHandling, 35), (ActivityTheme.Email, 20), (ActivityTheme.Security, 15), (ActivityTheme.Health, 15), (ActivityTheme.DigitalContent, 15)],
            _ => [(ActivityTheme.DeviceHandling, 25), (ActivityTheme.Email, 25), (ActivityTheme.WebBrowsing, 15), (ActivityTheme.BankingAndShopping, 10), (ActivityTheme.Health, 10), (ActivityTheme.DeviceMaintenance, 8), (ActivityTheme.DigitalDiagnosis, 7)],
        };
        var themes = new List<ActivityTheme> { Weighted(weights) };
        if (rng.NextDouble() < 0.25 && Weighted(weights) is var second && second != themes[0])
        {
            themes.Add(second);
        }

        return themes;
    }

    private T Weighted<T>((T Value, double Weight)[] choices) => choices[Pick([.. choices.Select(c => c.Weight)])].Value;

    private T Weighted<T>((T Value, int Weight)[] choices) => choices[Pick([.. choices.Select(c => (double)c.Weight)])].Value;

    private int Pick(double[] weights)
    {
        var r = rng.NextDouble() * weights.Sum();
        for (var i = 0; i < weights.Length; i++)
        {
            r -= weights[i];
            if (r < 0)
            {
                return i;
            }
        }

        return weights.Length - 1;
    }
}
