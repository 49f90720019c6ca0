using Maillage.Data;
using Maillage.Features.Accompagnements;
using Maillage.Shared.OpeningHours;
using Maillage.Shared.Security;
using Maillage.Shared.Web;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Agenda;

/// <summary>
/// The Saint-Étienne unit's agenda: its five advisors (the accounts of <see cref="ActivitiesDemo"/>) hold weekly drop-in
/// hours in the maisons des habitant·es, the social centres and two libraries, on appointment or walk-in; a month of
/// appointments (two weeks done, two weeks to come) with honest statuses; two « mini-formations » a week from the default
/// catalogue over seven weeks, with registrations, and one session next week full with a waiting list.
/// Every row is consistent: an advisor is never in two places at once (appointments, sessions, absences never overlap),
/// no session is over capacity. Deterministic for a given day: fixed seed, dates relative to the injected clock.
/// </summary>
public sealed class AgendaDemo(AppDbContext db, TimeProvider clock, ILogger<AgendaDemo> logger) : IDemoContributor
{
    public int Order => 30;

    /// <summary>One weekly range: advisor (e-mail), place (name of <see cref="Lieux.PlacesDemo"/>), day, hours, mode.</summary>
    public sealed record DemoPermanence(string Advisor, string Place, DayOfWeek Day, TimeOnly Start, TimeOnly End, PermanenceMode Mode);

    private sealed record DemoAdvisor(string Email, string PublicName, string Bio, string Languages, ActivityTheme Themes);

    private static readonly DemoAdvisor[] Advisors =
    [
        new("conseiller@demo.maillage.fr", "Sami C.", "Conseiller numérique de la Ville. Je vous aide dans vos démarches en ligne : CAF, impôts, France Travail, Ameli.", "|fr|ar|",
            ActivityTheme.AdministrativeProcedures | ActivityTheme.Email | ActivityTheme.DeviceHandling),
        new("ines.garnier@demo.maillage.fr", "Inès G.", "Conseillère numérique. Smartphone, ordinateur, e-mail : on apprend à votre rythme, sans jargon.", "|fr|es|",
            ActivityTheme.DeviceHandling | ActivityTheme.Email | ActivityTheme.AdministrativeProcedures),
        new("hugo.bernard@demo.maillage.fr", "Hugo B.", "Conseiller numérique dans les bibliothèques : création, vérification de l'information, écrans en famille.", "|fr|en|",
            ActivityTheme.DigitalCulture | ActivityTheme.Creating | ActivityTheme.Parenting),
        new("julie.moreau@demo.maillage.fr", "Julie M.", "Conseillère numérique. CV, recherche d'emploi en ligne, achats et ventes en toute sécurité.", "|fr|",
            ActivityTheme.Employment | ActivityTheme.OfficeSoftware | ActivityTheme.BankingAndShopping),
        new("karim.benali@demo.maillage.fr", "Karim B.", "Conseiller numérique. Accès aux droits, santé en ligne, et les seniors qui veulent garder le lien avec leurs proches.", "|fr|ar|kab|",
            ActivityTheme.AdministrativeProcedures | ActivityTheme.Health | ActivityTheme.Security),
    ];

    public const string Montreynaud = "EPN Montreynaud — Maison des habitant·es";
    public const string EAdministration = "EPN e-administration — Quartiers sud-est";
    public const string Cotonne = "EPN de la Cotonne";
    public const string Tarentaize = "EPN Tarentaize";
    public const string Mediatheque = "EPN Culture — Médiathèque Tarentaize";
    public const string PabloNeruda = "EPN Parentalité numérique — Bibliothèque Pablo-Neruda";
    public const string Beaubrun = "EPN Beaubrun";
    public const string CretDeRoch = "EPN Crêt de Roch";
    public const string Emploi = "EPN Emploi — MIFE Loire Sud";
    public const string Pimms = "EPN Médiation numérique — PIMMS";
    public const string Seniors = "EPN Seniors — Office stéphanois des personnes âgées";

    private static TimeOnly T(int hour, int minute = 0) => new(hour, minute);

    /// <summary>Within each place's opening hours; an advisor's ranges never overlap.</summary>
    public static readonly DemoPermanence[] Permanences =
    [
        new("conseiller@demo.maillage.fr", Montreynaud, DayOfWeek.Monday, T(14), T(17, 30), PermanenceMode.Appointment),
        new("conseiller@demo.maillage.fr", Montreynaud, DayOfWeek.Thursday, T(14), T(17, 30), PermanenceMode.Appointment),
        new("conseiller@demo.maillage.fr", EAdministration, DayOfWeek.Tuesday, T(9), T(12), PermanenceMode.Appointment),
        new("conseiller@demo.maillage.fr", EAdministration, DayOfWeek.Friday, T(9), T(12), PermanenceMode.WalkIn),
        new("ines.garnier@demo.maillage.fr", Cotonne, DayOfWeek.Monday, T(9), T(12), PermanenceMode.Appointment),
        new("ines.garnier@demo.maillage.fr", Cotonne, DayOfWeek.Wednesday, T(14), T(17, 30), PermanenceMode.WalkIn),
        new("ines.garnier@demo.maillage.fr", Tarentaize, DayOfWeek.Thursday, T(14), T(18), PermanenceMode.Appointment),
        new("ines.garnier@demo.maillage.fr", Montreynaud, DayOfWeek.Tuesday, T(14), T(17, 30), PermanenceMode.Appointment),
        new("hugo.bernard@demo.maillage.fr", Mediatheque, DayOfWeek.Tuesday, T(14), T(18), PermanenceMode.Appointment),
        new("hugo.bernard@demo.maillage.fr", PabloNeruda, DayOfWeek.Wednesday, T(14), T(18), PermanenceMode.Appointment),
        new("hugo.bernard@demo.maillage.fr", PabloNeruda, DayOfWeek.Saturday, T(10), T(12), PermanenceMode.WalkIn),
        new("julie.moreau@demo.maillage.fr", Beaubrun, DayOfWeek.Tuesday, T(9), T(12), PermanenceMode.Appointment),
        new("julie.moreau@demo.maillage.fr", Emploi, DayOfWeek.Wednesday, T(9), T(12, 30), PermanenceMode.Appointment),
        new("julie.moreau@demo.maillage.fr", CretDeRoch, DayOfWeek.Thursday, T(13, 30), T(17, 30), PermanenceMode.Appointment),
        new("karim.benali@demo.maillage.fr", Pimms, DayOfWeek.Monday, T(9), T(12), PermanenceMode.Appointment),
        new("karim.benali@demo.maillage.fr", Pimms, DayOfWeek.Wednesday, T(13, 30), T(17), PermanenceMode.Appointment),
        new("karim.benali@demo.maillage.fr", Seniors, DayOfWeek.Friday, T(9), T(12), PermanenceMode.Appointment),
        new("karim.benali@demo.maillage.fr", Montreynaud, DayOfWeek.Friday, T(14), T(17, 30), PermanenceMode.WalkIn),
    ];

    /// <summary>The two weekly sessions: workshop titles in turn, a place, a day and time, the advisor who runs it.</summary>
    private static readonly (string Place, DayOfWeek Day, TimeOnly Start, string Advisor, string[] Titles)[] WorkshopSlots =
    [
        (PabloNeruda, DayOfWeek.Wednesday, T(10), "hugo.bernard@demo.maillage.fr",
            ["Vérifier les sources d'information", "Protéger ses données personnelles", "Maîtriser les réseaux sociaux", "Consulter un médecin à distance"]),
        (CretDeRoch, DayOfWeek.Thursday, T(9, 30), "julie.moreau@demo.maillage.fr",
            ["Faire son CV", "Acheter en ligne", "Vendre un objet en ligne", "Travailler à distance"]),
    ];

    private static readonly string[] FirstNames =
    [
        "Josiane", "Abdel", "Sylvie", "Mireille", "Kevin", "Fatima", "Gérard", "Aminata", "Odette", "Jean-Pierre", "Nathalie", "Mohamed",
        "Lucienne", "Dylan", "Chantal", "Ibrahim", "Yvette", "Rachid", "Martine", "Léon", "Samia", "Bernadette", "Alain", "Noura", "Marcel",
        "Jessica", "Ginette", "Moussa", "Paulette", "Thierry", "Hélène", "Yasmine", "Robert", "Sandrine", "Bruno", "Leïla", "Denise", "Farid",
    ];

    private static readonly string Letters = "ABCDEFGHJKLMNOPRSTVZ";

    /// <summary>How many weeks of sessions before and after the current one.</summary>
    public const int WorkshopWeeksBefore = 3;
    public const int WorkshopWeeksAfter = 3;

    /// <summary>Appointments from this many days ago to this many days ahead (a month).</summary>
    public const int AppointmentDaysBefore = 14;
    public const int AppointmentDaysAfter = 16;

    private readonly Random rng = new(20261123);

    public async Task SeedAsync(CancellationToken ct)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await AgendaDefaults.EnsureDefaultsAsync(db, ct);
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(ParisTime.ToParis(now).DateTime);
        var unit = await db.Organizations.SingleAsync(o => o.Name == ActivitiesDemo.UnitName, ct);
        var emails = Advisors.Select(a => a.Email).ToList();
        var userIds = await db.Users.Where(u => emails.Contains(u.Email!)).ToDictionaryAsync(u => u.Email!, u => u.Id, ct);
        var placeNames = Permanences.Select(p => p.Place).Concat(WorkshopSlots.Select(w => w.Place)).Distinct().ToList();
        var places = await db.Places.Where(p => placeNames.Contains(p.Name)).ToDictionaryAsync(p => p.Name, p => p.Id, ct);
        var motifs = await db.AppointmentMotifs.Where(m => m.OrganizationId == null && m.IsActive).ToDictionaryAsync(m => m.Name, ct);
        var types = await db.WorkshopTypes.Where(w => w.OrganizationId == null).ToDictionaryAsync(w => w.Title, ct);

        // Profiles, created a year ago with the unit.
        var since = now.AddDays(-365);
        var profiles = new Dictionary<string, AdvisorProfile>();
        foreach (var advisor in Advisors)
        {
            var profile = new AdvisorProfile
            {
                UserId = userIds[advisor.Email],
                OrganizationId = unit.Id,
                PublicName = advisor.PublicName,
                Bio = advisor.Bio,
                Languages = advisor.Languages,
                Themes = advisor.Themes,
                CreatedAt = since,
            };
            foreach (var place in Permanences.Where(p => p.Advisor == advisor.Email).Select(p => p.Place).Concat(WorkshopSlots.Where(w => w.Advisor == advisor.Email).Select(w => w.Place)).Distinct())
            {
                profile.Places.Add(new AdvisorPlace { PlaceId = places[place] });
            }

            profiles[advisor.Email] = profile;
            db.AdvisorProfiles.Add(profile);
        }

        await db.SaveChangesAsync(ct);

        var validFrom = today.AddDays(-90);
        var permanences = Permanences.Select(p => new Permanence
        {
            AdvisorProfileId = profiles[p.Advisor].Id,
            AdvisorId = profiles[p.Advisor].UserId,
            PlaceId = places[p.Place],
            Day = p.Day,
            Start = p.Start,
            End = p.End,
            ValidFrom = validFrom,
            Mode = p.Mode,
            Notes = p.Mode == PermanenceMode.WalkIn ? "Sans rendez-vous : présentez-vous à l'accueil." : null,
            CreatedAt = since.AddDays(275),
        }).ToList();
        db.Permanences.AddRange(permanences);
        await db.SaveChangesAsync(ct);

        // What holds each advisor, to keep every new row clear of the others.
        var busy = userIds.Values.ToDictionary(id => id, _ => new List<(DateTimeOffset Start, DateTimeOffset End)>());
        bool Free(string advisorId, DateTimeOffset start, DateTimeOffset end) => !busy[advisorId].Any(b => b.Start < end && b.End > start);

        // An absence (training day next week) and a closure (a place closed one afternoon the week after).
        var ines = userIds["ines.garnier@demo.maillage.fr"];
        var training = NextOn(today.AddDays(7), DayOfWeek.Thursday);
        var trainingStart = At(training, T(8))!.Value;
        var trainingEnd = At(training, T(19))!.Value;
        db.Absences.Add(new Absence { AdvisorId = ines, Start = trainingStart, End = trainingEnd, Reason = "Formation", CreatedById = ines, CreatedAt = now.AddDays(-10) });
        busy[ines].Add((trainingStart, trainingEnd));
        var closedDay = NextOn(today.AddDays(14), DayOfWeek.Wednesday);
        var closedStart = At(closedDay, T(13))!.Value;
        var closedEnd = At(closedDay, T(19))!.Value;
        var closedPlace = places[PabloNeruda];
        db.Absences.Add(new Absence { PlaceId = closedPlace, Start = closedStart, End = closedEnd, Reason = "Fermeture de la bibliothèque (inventaire)", CreatedAt = now.AddDays(-20) });
        foreach (var advisorId in permanences.Where(p => p.PlaceId == closedPlace).Select(p => p.AdvisorId).Distinct())
        {
            busy[advisorId].Add((closedStart, closedEnd));
        }

        // Two sessions a week, before the appointments so that these keep clear of them.
        var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        var sessions = new List<WorkshopSession>();
        var fullDone = false;
        for (var week = -WorkshopWeeksBefore; week <= WorkshopWeeksAfter; week++)
        {
            foreach (var slot in WorkshopSlots)
            {
                var day = monday.AddDays((7 * week) + (((int)slot.Day + 6) % 7));
                var type = types[slot.Titles[(week + WorkshopWeeksBefore) % slot.Titles.Length]];
                var advisorId = userIds[slot.Advisor];
                if (FrenchPublicHolidays.IsHoliday(day) || At(day, slot.Start) is not { } start)
                {
                    continue;
                }

                var end = start.AddMinutes(type.DurationMinutes);
                if (!Free(advisorId, start, end))
                {
                    continue;
                }

                busy[advisorId].Add((start, end));
                var session = new WorkshopSession
                {
                    WorkshopTypeId = type.Id,
                    PlaceId = places[slot.Place],
                    OrganizationId = unit.Id,
                    Start = start,
                    End = end,
                    Capacity = type.DefaultCapacity,
                    CreatedAt = Min(start.AddDays(-21), now.AddDays(-1)),
                };
                session.Advisors.Add(new WorkshopSessionAdvisor { AdvisorId = advisorId });

                // The first session of next week is full, with three people waiting; the others fill as the day nears.
                var full = !fullDone && week == 1;
                fullDone |= full;
                var past = start < now;
                var confirmed = full ? session.Capacity : past ? rng.Next(session.Capacity / 2, session.Capacity + 1) : Math.Max(1, session.Capacity - rng.Next(2, 6) - week);
                var waiting = full ? 3 : 0;
                var keys = new HashSet<string>();
                for (var i = 0; i < confirmed + waiting; i++)
                {
                    // One registration per contact and session (the unique index says so too).
                    var contact = NewContact();
                    while (!keys.Add(contact.Key))
                    {
                        contact = NewContact();
                    }

                    var createdAt = Min(session.CreatedAt.AddDays(1 + i), now.AddMinutes(-5 * (confirmed + waiting - i)));
                    session.Registrations.Add(new Registration
                    {
                        ContactName = contact.Name,
                        ContactPhone = contact.Phone,
                        ContactEmail = contact.Email,
                        ContactKey = contact.Key,
                        Status = i < confirmed ? RegistrationStatus.Confirmed : RegistrationStatus.Waiting,
                        CreatedAt = createdAt,
                        ManagementTokenHash = SecretTokens.Hash(SecretTokens.New("ins_")),
                        ReminderSentAt = past ? start.AddDays(-2) : null,
                    });
                }

                session.ConfirmedCount = confirmed;
                sessions.Add(session);
            }
        }

        db.WorkshopSessions.AddRange(sessions);

        // A month of appointments in the bookable ranges, denser in the past (done) than in the weeks to come.
        var appointments = new List<Appointment>();
        var byPlaceMotifs = MotifsBySetting(motifs);
        for (var day = today.AddDays(-AppointmentDaysBefore); day <= today.AddDays(AppointmentDaysAfter); day = day.AddDays(1))
        {
            if (FrenchPublicHolidays.IsHoliday(day))
            {
                continue;
            }

            foreach (var permanence in permanences.Where(p => p.Mode == PermanenceMode.Appointment && p.Day == day.DayOfWeek))
            {
                var placeName = places.First(p => p.Value == permanence.PlaceId).Key;
                var choices = byPlaceMotifs(placeName);
                var fill = day < today ? 0.7 : 0.55 - (0.025 * day.DayNumber) + (0.025 * today.DayNumber);
                var cursor = At(day, permanence.Start)!.Value;
                var rangeEnd = At(day, permanence.End)!.Value;
                while (true)
                {
                    var motif = Weighted(choices);
                    var end = cursor.AddMinutes(motif.DurationMinutes);
                    if (end > rangeEnd)
                    {
                        break;
                    }

                    if (rng.NextDouble() < fill && Free(permanence.AdvisorId, cursor, end))
                    {
                        var appointment = NewAppointment(permanence, unit.Id, motif, cursor, end, now);
                        appointments.Add(appointment);
                        if (appointment.Status != AppointmentStatus.Cancelled)
                        {
                            busy[permanence.AdvisorId].Add((cursor, end));
                        }

                        cursor = end;
                    }
                    else
                    {
                        cursor = cursor.AddMinutes(15);
                    }
                }
            }
        }

        db.Appointments.AddRange(appointments.OrderBy(a => a.CreatedAt));
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Demo agenda seeded: {Advisors} advisors, {Permanences} permanences, {Appointments} appointments, {Sessions} workshop sessions, {Registrations} registrations in {Elapsed} ms",
            profiles.Count, permanences.Count, appointments.Count, sessions.Count, sessions.Sum(s => s.Registrations.Count), watch.ElapsedMilliseconds);
    }

    private Appointment NewAppointment(Permanence permanence, int organizationId, AppointmentMotif motif, DateTimeOffset start, DateTimeOffset end, DateTimeOffset now)
    {
        var contact = NewContact();
        var createdAt = Min(start.AddDays(-rng.Next(1, 15)).AddHours(-rng.Next(0, 8)), now.AddHours(-1));
        var appointment = new Appointment
        {
            PlaceId = permanence.PlaceId,
            AdvisorId = permanence.AdvisorId,
            OrganizationId = organizationId,
            PermanenceId = permanence.Id,
            MotifId = motif.Id,
            Start = start,
            End = end,
            ContactName = contact.Name,
            ContactPhone = contact.Phone,
            ContactEmail = contact.Email,
            ContactKey = contact.Key,
            Message = rng.NextDouble() < 0.2 ? Weighted<string>([("Je viendrai avec ma fille.", 1), ("Je n'ai pas mes identifiants.", 2), ("Mon téléphone est neuf.", 1), ("C'est pour une déclaration urgente.", 1)]) : null,
            ManagementTokenHash = SecretTokens.Hash(SecretTokens.New("rdv_")),
            CreatedAt = createdAt,
            ModifiedAt = createdAt,
        };

        var r = rng.NextDouble();
        if (start < now)
        {
            // Done: mostly honoured, some did not come, a few cancelled ahead (by the person, now and then by the unit).
            (appointment.Status, appointment.CancelledBy) = r < 0.78 ? (AppointmentStatus.Honoured, null)
                : r < 0.9 ? (AppointmentStatus.NoShow, (CancelledBy?)null)
                : (AppointmentStatus.Cancelled, r < 0.97 ? CancelledBy.Person : CancelledBy.Staff);
            appointment.ModifiedAt = appointment.Status == AppointmentStatus.Cancelled ? Min(start.AddHours(-rng.Next(5, 48)), now) : Min(end.AddMinutes(10), now);
            if (appointment.ModifiedAt < createdAt)
            {
                appointment.ModifiedAt = createdAt;
            }

            if (start.AddHours(-48) > createdAt)
            {
                appointment.Reminder48hSentAt = start.AddHours(-48);
            }

            appointment.Reminder2hSentAt = appointment.Status == AppointmentStatus.Cancelled ? null : start.AddHours(-2);
        }
        else
        {
            (appointment.Status, appointment.CancelledBy) = r < 0.92 ? (AppointmentStatus.Booked, null) : (AppointmentStatus.Cancelled, (CancelledBy?)CancelledBy.Person);
            if (appointment.Status == AppointmentStatus.Cancelled)
            {
                appointment.ModifiedAt = Max(createdAt, Min(now.AddHours(-rng.Next(1, 48)), now));
            }

            if (start.AddHours(-48) <= now && start.AddHours(-48) > createdAt && appointment.Status == AppointmentStatus.Booked)
            {
                appointment.Reminder48hSentAt = start.AddHours(-48);
            }
        }

        if (appointment.Status == AppointmentStatus.Cancelled)
        {
            appointment.CancelledAt = appointment.ModifiedAt;
            appointment.CancelledById = appointment.CancelledBy == CancelledBy.Staff ? permanence.AdvisorId : null;
        }

        return appointment;
    }

    /// <summary>What people come for at each kind of place: online procedures in the maisons des habitant·es, CVs at the MIFE…</summary>
    private static Func<string, (AppointmentMotif Motif, double Weight)[]> MotifsBySetting(Dictionary<string, AppointmentMotif> motifs)
    {
        AppointmentMotif M(string name) => motifs[name];
        var admin = M(AgendaDefaults.Motifs[0].Name);
        var phone = M(AgendaDefaults.Motifs[1].Name);
        var email = M(AgendaDefaults.Motifs[2].Name);
        var computer = M(AgendaDefaults.Motifs[3].Name);
        var health = M(AgendaDefaults.Motifs[4].Name);
        var job = M(AgendaDefaults.Motifs[5].Name);
        var scams = M(AgendaDefaults.Motifs[6].Name);
        return place => place switch
        {
            Emploi => [(job, 6), (admin, 2), (email, 2)],
            Mediatheque or PabloNeruda => [(computer, 3), (phone, 3), (scams, 2), (email, 2)],
            Seniors => [(phone, 4), (health, 3), (scams, 2), (email, 1)],
            _ => [(admin, 10), (phone, 2), (email, 2), (health, 1), (computer, 1)],
        };
    }

    private Contact NewContact()
    {
        var first = FirstNames[rng.Next(FirstNames.Length)];
        var name = $"{first} {Letters[rng.Next(Letters.Length)]}.";
        var number = rng.Next(10_000_000, 99_999_999);
        var phone = $"+33{(rng.NextDouble() < 0.7 ? 6 : 7)}{number:00000000}";
        var emailToo = rng.NextDouble() < 0.45;
        var email = emailToo ? $"{Shared.Text.TextFold.Fold(first).Replace(' ', '-')}.{number % 1000}@example.org" : null;

        // One in five gives an e-mail only.
        return rng.NextDouble() < 0.2 && email is not null ? new Contact(name, null, email) : new Contact(name, phone, email);
    }

    private static DateOnly NextOn(DateOnly from, DayOfWeek day) => from.AddDays(((int)day - (int)from.DayOfWeek + 7) % 7);

    private static DateTimeOffset? At(DateOnly day, TimeOnly time) => SlotCalculator.ToInstant(day, time);

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private T Weighted<T>((T Value, double Weight)[] choices)
    {
        var r = rng.NextDouble() * choices.Sum(c => c.Weight);
        foreach (var (value, weight) in choices)
        {
            r -= weight;
            if (r < 0)
            {
                return value;
            }
        }

        return choices[^1].Value;
    }
}
