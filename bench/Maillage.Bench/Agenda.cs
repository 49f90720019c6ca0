using System.Diagnostics;
using Maillage.Data;
using Maillage.Features.Accompagnements;
using Maillage.Features.Agenda;
using Maillage.Features.Comptes;
using Maillage.Features.Lieux;
using Maillage.Features.Structures;
using Maillage.Features.Territoires;
using Maillage.Shared.OpeningHours;
using Maillage.Shared.Security;
using Maillage.Shared.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Maillage.Bench;

/// <summary>
/// The "agenda-generate" verb: a Loire network with one big place where 20 advisors hold their drop-in hours (four days a
/// week, morning and afternoon), a few hundred other advisors at other places, two months of appointments (the past month
/// and the coming one, denser near today), absences and a closure, and workshop sessions (N to come, as many done) with
/// their registrations. Every advisor's appointments, sessions and absences keep clear of each other, as the application
/// guarantees; no session is over capacity.
/// </summary>
public static class Agenda
{
    public const string DefaultDatabase = "/tmp/bench/agenda.db";
    public const string BenchPlaceSource = "bench-agenda-centrale";

    public static async Task<int> GenerateAsync(BenchArgs args)
    {
        var advisorsAtPlace = args.GetInt("advisors", 20);
        var otherPlaces = args.GetInt("places", 150);
        var upcomingSessions = args.GetInt("sessions", 500);
        var seed = args.GetInt("seed", 20261123);
        var (isSqlite, connection, sqliteFile) = BenchTarget.Resolve(args, DefaultDatabase, fresh: true);
        await using var app = BenchTarget.BuildApp(isSqlite, connection);
        Console.WriteLine($"Génération de l'agenda ({(isSqlite ? "Sqlite" : "Postgres")}, graine {seed}) : {sqliteFile ?? "PostgreSQL"}");
        Console.WriteLine($"Charge de la machine au début (loadavg 1/5/15 min) : {ColdStart.LoadAverage()}");
        var total = Stopwatch.StartNew();
        var step = Stopwatch.StartNew();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            await db.MigrateAsync();
            if (await db.Territories.AnyAsync() || await db.Appointments.AnyAsync())
            {
                throw new BenchUsageException("La base n'est pas vide : partez d'une base neuve (ou --force pour un fichier SQLite).");
            }

            await AgendaDefaults.EnsureDefaultsAsync(db);
            await scope.ServiceProvider.GetRequiredService<TerritoryImporter>().ImportAsync(["42"]);
        }

        Report("migrations, valeurs par défaut, territoires de la Loire", step);

        var rng = new Random(seed);
        var now = DateTimeOffset.UtcNow;
        var today = DateOnly.FromDateTime(ParisTime.ToParis(now).DateTime);
        var counts = new Dictionary<string, int>();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            var communes = await db.Territories.Where(t => t.Kind == TerritoryKind.Commune && t.PostalCodes != null).OrderBy(t => t.Id).Take(60).ToListAsync();
            var motifs = await db.AppointmentMotifs.OrderBy(m => m.SortOrder).ToListAsync();
            var types = await db.WorkshopTypes.OrderBy(t => t.Id).ToListAsync();

            // Organizations (one per commune drawn), the big place first, then the other places.
            var organizations = communes.Take(30).Select((c, i) => new Organization
            {
                Name = $"Structure bench {i + 1:000} — {c.Name}",
                Kind = i == 0 ? OrganizationKind.Ville : OrganizationKind.Association,
                CommuneId = c.Id,
                TerritoryId = c.Id,
                PostalCode = c.PostalCodes!.Split(',')[0],
                CreatedAt = now.AddYears(-1),
            }).ToList();
            db.Organizations.AddRange(organizations);
            await db.SaveChangesAsync();

            Place NewPlace(string source, string name, Organization organization)
            {
                var commune = communes.Single(c => c.Id == organization.CommuneId);
                return new Place
                {
                    ImportSource = Place.OwnSource,
                    SourceId = source,
                    Name = name,
                    Pivot = "00000000000000",
                    CommuneName = commune.Name,
                    PostalCode = commune.PostalCodes!.Split(',')[0],
                    InseeCode = commune.Code,
                    CommuneId = commune.Id,
                    Address = $"{rng.Next(1, 120)} rue de la République",
                    Latitude = 45.4 + (rng.NextDouble() * 0.3),
                    Longitude = 4.2 + (rng.NextDouble() * 0.3),
                    OpeningHours = "Mo-Fr 09:00-12:00,13:30-17:00",
                    Kind = PlaceKind.EpnQuartier,
                    OrganizationId = organization.Id,
                    IsPublished = true,
                    UpdatedOn = today,
                    CreatedAt = now.AddYears(-1),
                    ModifiedAt = now.AddYears(-1),
                };
            }

            var benchPlace = NewPlace(BenchPlaceSource, "France Services bench — 20 conseillers", organizations[0]);
            var places = new List<Place> { benchPlace };
            for (var i = 0; i < otherPlaces; i++)
            {
                places.Add(NewPlace($"bench-agenda-{i:0000}", $"Lieu bench {i + 1:0000}", organizations[1 + (i % (organizations.Count - 1))]));
            }

            db.Places.AddRange(places);
            await db.SaveChangesAsync();

            // Advisors: 20 at the big place, two at each other place.
            var advisors = new List<(AppUser User, AdvisorProfile Profile, Place Place)>();
            void AddAdvisor(Place place, int index)
            {
                var email = $"conseiller-agenda-{index:0000}@bench.maillage.test";
                var user = new AppUser
                {
                    UserName = email,
                    NormalizedUserName = email.ToUpperInvariant(),
                    Email = email,
                    NormalizedEmail = email.ToUpperInvariant(),
                    EmailConfirmed = true,
                    DisplayName = $"Conseiller {index}",
                    SecurityStamp = Guid.NewGuid().ToString("N"),
                    CreatedAt = now.AddYears(-1),
                };
                var profile = new AdvisorProfile { UserId = user.Id, OrganizationId = place.OrganizationId!.Value, PublicName = $"Conseiller {index}", CreatedAt = now.AddYears(-1) };
                profile.Places.Add(new AdvisorPlace { PlaceId = place.Id });
                db.Users.Add(user);
                db.Grants.Add(new Grant { UserId = user.Id, Role = Role.Conseiller, OrganizationId = place.OrganizationId, GrantedAt = now.AddYears(-1) });
                db.AdvisorProfiles.Add(profile);
                advisors.Add((user, profile, place));
            }

            for (var i = 0; i < advisorsAtPlace; i++)
            {
                AddAdvisor(benchPlace, i + 1);
            }

            for (var i = 1; i < places.Count; i++)
            {
                AddAdvisor(places[i], advisors.Count + 1);
                AddAdvisor(places[i], advisors.Count + 1);
            }

            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync();
            counts["conseillers"] = advisors.Count;
            counts["lieux"] = places.Count;

            // Permanences: at the big place, four days out of five, 9 h – 12 h and 13 h 30 – 17 h; elsewhere two half-days a week.
            var permanences = new List<Permanence>();
            Permanence Range(AdvisorProfile profile, Place place, DayOfWeek day, TimeOnly start, TimeOnly end) => new()
            {
                AdvisorProfileId = profile.Id,
                AdvisorId = profile.UserId,
                PlaceId = place.Id,
                Day = day,
                Start = start,
                End = end,
                ValidFrom = today.AddDays(-120),
                Mode = PermanenceMode.Appointment,
                CreatedAt = now.AddDays(-120),
            };
            DayOfWeek[] week = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];
            for (var i = 0; i < advisors.Count; i++)
            {
                var (_, profile, place) = advisors[i];
                if (place == benchPlace)
                {
                    foreach (var day in week.Where((_, d) => d != i % 5))
                    {
                        permanences.Add(Range(profile, place, day, new TimeOnly(9, 0), new TimeOnly(12, 0)));
                        permanences.Add(Range(profile, place, day, new TimeOnly(13, 30), new TimeOnly(17, 0)));
                    }
                }
                else
                {
                    permanences.Add(Range(profile, place, week[i % 5], new TimeOnly(9, 0), new TimeOnly(12, 0)));
                    permanences.Add(Range(profile, place, week[(i + 2) % 5], new TimeOnly(14, 0), new TimeOnly(17, 30)));
                }
            }

            db.Permanences.AddRange(permanences);
            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync();
            counts["permanences"] = permanences.Count;

            var busy = advisors.ToDictionary(a => a.User.Id, _ => new List<(DateTimeOffset Start, DateTimeOffset End)>());
            bool Free(string advisorId, DateTimeOffset start, DateTimeOffset end) => !busy[advisorId].Any(b => b.Start < end && b.End > start);

            // Absences: one day off in the coming month for each advisor of the big place, one afternoon closure of it.
            var absences = new List<Absence>();
            foreach (var (user, _, _) in advisors.Where(a => a.Place == benchPlace))
            {
                var day = today.AddDays(rng.Next(1, 30));
                if (SlotCalculator.ToInstant(day, new TimeOnly(0, 0)) is { } start)
                {
                    absences.Add(new Absence { AdvisorId = user.Id, Start = start, End = start.AddDays(1), Reason = "Congé", CreatedAt = now.AddDays(-10) });
                    busy[user.Id].Add((start, start.AddDays(1)));
                }
            }

            var closure = SlotCalculator.ToInstant(today.AddDays(12), new TimeOnly(13, 0))!.Value;
            absences.Add(new Absence { PlaceId = benchPlace.Id, Start = closure, End = closure.AddHours(6), Reason = "Fermeture", CreatedAt = now.AddDays(-10) });
            foreach (var (user, _, _) in advisors.Where(a => a.Place == benchPlace))
            {
                busy[user.Id].Add((closure, closure.AddHours(6)));
            }

            db.Absences.AddRange(absences);
            counts["absences et fermetures"] = absences.Count;

            // Workshop sessions: N to come over 30 days and as many done, by an advisor of the place, outside their hours when possible.
            var sessions = new List<WorkshopSession>();
            var others = advisors.Where(a => a.Place != benchPlace).ToList();
            var attempts = 0;
            while (sessions.Count < upcomingSessions * 2 && attempts++ < upcomingSessions * 20)
            {
                var upcoming = sessions.Count < upcomingSessions;
                var (user, profile, place) = others[rng.Next(others.Count)];
                var day = today.AddDays(upcoming ? rng.Next(1, 31) : -rng.Next(1, 31));
                if (day.DayOfWeek == DayOfWeek.Sunday || FrenchPublicHolidays.IsHoliday(day) || SlotCalculator.ToInstant(day, new TimeOnly(rng.Next(9, 16), rng.Next(2) * 30)) is not { } start)
                {
                    continue;
                }

                var type = types[rng.Next(types.Count)];
                var end = start.AddMinutes(type.DurationMinutes);
                if (!Free(user.Id, start, end))
                {
                    continue;
                }

                busy[user.Id].Add((start, end));
                var capacity = rng.Next(6, 13);
                var confirmed = upcoming ? rng.Next(0, capacity + 1) : rng.Next(capacity / 2, capacity + 1);
                var session = new WorkshopSession
                {
                    WorkshopTypeId = type.Id,
                    PlaceId = place.Id,
                    OrganizationId = profile.OrganizationId,
                    Start = start,
                    End = end,
                    Capacity = capacity,
                    ConfirmedCount = confirmed,
                    CreatedAt = now.AddDays(-40),
                };
                session.Advisors.Add(new WorkshopSessionAdvisor { AdvisorId = user.Id });
                for (var r = 0; r < confirmed; r++)
                {
                    session.Registrations.Add(new Registration
                    {
                        ContactName = $"Personne {r + 1}",
                        ContactPhone = $"+3361{rng.Next(1_000_000, 9_999_999)}",
                        ContactKey = $"+3361{sessions.Count:0000}{r:000}",
                        Status = RegistrationStatus.Confirmed,
                        CreatedAt = now.AddDays(-rng.Next(1, 30)),
                        ManagementTokenHash = SecretTokens.Hash($"bench-ins-{sessions.Count}-{r}"),
                    });
                }

                sessions.Add(session);
            }

            db.WorkshopSessions.AddRange(sessions);
            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync();
            counts["séances à venir"] = sessions.Count(s => s.Start > now);
            counts["séances passées"] = sessions.Count(s => s.Start <= now);
            counts["inscriptions"] = sessions.Sum(s => s.Registrations.Count);
            db.ChangeTracker.Clear();

            // Appointments over the past month and the coming one: most slots taken before today, fewer further ahead.
            var appointments = new List<Appointment>();
            var byAdvisor = permanences.GroupBy(p => p.AdvisorId).ToDictionary(g => g.Key, g => g.ToList());
            var organizationOf = advisors.ToDictionary(a => a.User.Id, a => a.Profile.OrganizationId);
            var serial = 0;
            for (var day = today.AddDays(-30); day <= today.AddDays(30); day = day.AddDays(1))
            {
                if (FrenchPublicHolidays.IsHoliday(day))
                {
                    continue;
                }

                var distance = day.DayNumber - today.DayNumber;
                var fill = distance < 0 ? 0.75 : Math.Max(0.1, 0.7 - (distance * 0.02));
                foreach (var permanence in permanences.Where(p => p.Day == day.DayOfWeek))
                {
                    var cursor = SlotCalculator.ToInstant(day, permanence.Start)!.Value;
                    var rangeEnd = SlotCalculator.ToInstant(day, permanence.End)!.Value;
                    while (true)
                    {
                        var motif = motifs[rng.Next(motifs.Count)];
                        var end = cursor.AddMinutes(motif.DurationMinutes);
                        if (end > rangeEnd)
                        {
                            break;
                        }

                        if (rng.NextDouble() < fill && Free(permanence.AdvisorId, cursor, end))
                        {
                            serial++;
                            var past = end < now;
                            var cancelled = rng.NextDouble() < 0.08;
                            var status = cancelled ? AppointmentStatus.Cancelled : !past ? AppointmentStatus.Booked : rng.NextDouble() < 0.87 ? AppointmentStatus.Honoured : AppointmentStatus.NoShow;
                            var bookedAhead = cursor.AddDays(-rng.Next(1, 20));
                            var created = bookedAhead < now ? bookedAhead : now.AddDays(-1);
                            appointments.Add(new Appointment
                            {
                                PlaceId = permanence.PlaceId,
                                AdvisorId = permanence.AdvisorId,
                                OrganizationId = organizationOf[permanence.AdvisorId],
                                PermanenceId = permanence.Id,
                                MotifId = motif.Id,
                                Start = cursor,
                                End = end,
                                ContactName = $"Personne {serial}",
                                ContactPhone = $"+336{serial:00000000}",
                                ContactKey = $"+336{serial:00000000}",
                                Status = status,
                                CancelledBy = cancelled ? CancelledBy.Person : null,
                                CancelledAt = cancelled ? created.AddHours(1) : null,
                                ManagementTokenHash = SecretTokens.Hash($"bench-rdv-{serial}"),
                                CreatedAt = created,
                                ModifiedAt = created,
                            });
                            if (!cancelled)
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

            foreach (var chunk in appointments.Chunk(5_000))
            {
                db.Appointments.AddRange(chunk);
                db.ChangeTracker.DetectChanges();
                await db.SaveChangesAsync();
                db.ChangeTracker.Clear();
            }

            counts["rendez-vous"] = appointments.Count;
            counts["rendez-vous au grand lieu"] = appointments.Count(a => a.PlaceId == benchPlace.Id);
        }

        Report("réseau, permanences, absences, séances, rendez-vous", step);
        foreach (var (what, count) in counts)
        {
            Console.WriteLine($"  {what} : {count:N0}");
        }

        if (sqliteFile is not null)
        {
            Console.WriteLine($"  fichier SQLite : {new FileInfo(sqliteFile).Length / 1024.0 / 1024.0:N1} Mo");
        }

        Console.WriteLine($"Terminé en {total.Elapsed.TotalSeconds:N1} s ; charge de la machine à la fin : {ColdStart.LoadAverage()}");
        return 0;
    }

    private static void Report(string what, Stopwatch step)
    {
        Console.WriteLine($"  {what} : {step.Elapsed.TotalSeconds:N1} s");
        step.Restart();
    }
}
