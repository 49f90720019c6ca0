using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Maillage.Features.Comptes;
using Maillage.Features.Materiel;
using Maillage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Maillage.Tests.Features.Materiel;

/// <summary>Lending to structures: requests, the waiting list, decisions, check-out and check-in, maintenance, the daily job.</summary>
[Trait("Category", "Database")]
public sealed class LendingTests(MaillageFactory factory) : IClassFixture<MaillageFactory>
{
    private const string Roanne = "42187";

    /// <summary>A lender with a few tablets (with a charger and a case) and a kit, its coordinator, two borrowing structures.</summary>
    private sealed record World(int Lender, HttpClient Coordinator, string CoordinatorEmail, int BorrowerA, HttpClient A, int BorrowerB, HttpClient B, int[] Items, int KitId, int[] KitItems);

    private async Task<World> WorldAsync(string commune = MaillageFactory.SaintEtienne)
    {
        var lender = await factory.CreateOrganizationAsync(communeCode: commune);
        var a = await factory.CreateOrganizationAsync(communeCode: commune);
        var b = await factory.CreateOrganizationAsync(communeCode: commune);
        var coordinatorEmail = TestData.NewEmail("coordination");
        await factory.CreateUserAsync(coordinatorEmail, TestData.Password, Role.Coordinateur, territoryCode: commune);
        var coordinator = factory.CreateApiClient(await factory.CreateApiClientAsync(Role.Coordinateur, territoryCode: commune));
        var clientA = factory.CreateApiClient(await factory.CreateApiClientAsync(Role.Structure, organizationId: a.Id));
        var clientB = factory.CreateApiClient(await factory.CreateApiClientAsync(Role.Structure, organizationId: b.Id));
        var prefix = "L" + Guid.NewGuid().ToString("N")[..5].ToUpperInvariant();
        var (items, kit, kitItems) = await factory.WithDbAsync(async db =>
        {
            await FleetDefaults.EnsureDefaultsAsync(db);
            var tablets = await db.ItemCategories.SingleAsync(c => c.TagPrefix == "TAB");
            var all = Enumerable.Range(1, 6).Select(i => new Item
            {
                CategoryId = tablets.Id,
                OrganizationId = lender.Id,
                Model = "Samsung Galaxy Tab A9+",
                AssetTag = AssetTags.Format(prefix, i),
                Accessories = [new ItemAccessory { Name = "Chargeur" }, new ItemAccessory { Name = "Coque" }],
                CreatedAt = DateTimeOffset.UtcNow,
                ModifiedAt = DateTimeOffset.UtcNow,
            }).ToList();
            db.Items.AddRange(all);
            var kit = new Kit { OrganizationId = lender.Id, Name = "Valise " + prefix, AssetTag = AssetTags.Format("K" + prefix, 1), CreatedAt = DateTimeOffset.UtcNow };
            kit.Items.AddRange(all.Skip(4));
            db.Kits.Add(kit);
            await db.SaveChangesAsync();
            return (all.Take(4).Select(i => i.Id).ToArray(), kit.Id, all.Skip(4).Select(i => i.Id).ToArray());
        });
        return new World(lender.Id, coordinator, coordinatorEmail, a.Id, clientA, b.Id, clientB, items, kit, kitItems);
    }

    private static DateOnly Today => DateOnly.FromDateTime(Maillage.Shared.Web.ParisTime.ToParis(DateTimeOffset.UtcNow).DateTime);

    private static object Ask(int? item, DateOnly start, DateOnly end, int? kit = null, bool wait = false) =>
        new { itemId = item, kitId = kit, startDate = start, endDate = end, purpose = "Atelier tablettes sur le marché", location = "Marché de Montreynaud", joinWaitingList = wait };

    private static async Task<JsonElement> OkAsync(HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.OK)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static async Task<int> RequestAsync(HttpClient client, object ask) =>
        (await OkAsync(await client.PostAsJsonAsync("/api/v1/materiel/reservations", ask), HttpStatusCode.Created)).GetProperty("id").GetInt32();

    private static Task<HttpResponseMessage> DecideAsync(HttpClient client, int id, bool approve, string? note = null) =>
        client.PostAsJsonAsync($"/api/v1/materiel/reservations/{id}/decision", new { approve, note });

    private static object CheckOut(params int[] items) => new
    {
        takenBy = "Samia Benali",
        agreementName = "Samia Benali",
        agreementAccepted = true,
        lines = items.Select(i => new { itemId = i, condition = "Good", accessories = new[] { "Chargeur", "Coque" } }),
    };

    [Fact]
    public async Task A_bad_request_is_refused_field_by_field_in_French_and_nothing_is_saved()
    {
        var w = await WorldAsync();
        var before = await factory.WithDbAsync(db => db.Reservations.CountAsync());

        var past = await ProblemAssert.IsProblemAsync(await w.A.PostAsJsonAsync("/api/v1/materiel/reservations", Ask(w.Items[0], Today.AddDays(-1), Today.AddDays(2))), HttpStatusCode.BadRequest);
        Assert.Contains("passé", ProblemAssert.FieldErrors(past, "startDate")[0]);

        var reversed = await ProblemAssert.IsProblemAsync(await w.A.PostAsJsonAsync("/api/v1/materiel/reservations", Ask(w.Items[0], Today.AddDays(5), Today.AddDays(3))), HttpStatusCode.BadRequest);
        Assert.Contains("après", ProblemAssert.FieldErrors(reversed, "endDate")[0]);

        var empty = await ProblemAssert.IsProblemAsync(await w.A.PostAsJsonAsync("/api/v1/materiel/reservations", new { itemId = w.Items[0], startDate = Today.AddDays(1), endDate = Today.AddDays(1) }), HttpStatusCode.BadRequest);
        Assert.Equal(LendingMessages.PurposeRequired, ProblemAssert.FieldErrors(empty, "purpose")[0]);
        Assert.Equal(LendingMessages.LocationRequired, ProblemAssert.FieldErrors(empty, "location")[0]);

        var unknown = await ProblemAssert.IsProblemAsync(await w.A.PostAsJsonAsync("/api/v1/materiel/reservations", Ask(int.MaxValue, Today.AddDays(1), Today.AddDays(1))), HttpStatusCode.BadRequest);
        Assert.Equal(LendingMessages.UnknownTarget, ProblemAssert.FieldErrors(unknown, "itemId")[0]);

        // An item of a kit goes with its kit.
        var inKit = await ProblemAssert.IsProblemAsync(await w.A.PostAsJsonAsync("/api/v1/materiel/reservations", Ask(w.KitItems[0], Today.AddDays(1), Today.AddDays(1))), HttpStatusCode.BadRequest);
        Assert.Contains("réservez la valise entière", ProblemAssert.FieldErrors(inKit, "itemId")[0]);

        Assert.Equal(before, await factory.WithDbAsync(db => db.Reservations.CountAsync()));
    }

    [Fact]
    public async Task A_second_request_over_the_same_days_gets_a_clear_no_then_waits_and_moves_up_when_the_first_is_cancelled()
    {
        var w = await WorldAsync();
        var first = await RequestAsync(w.A, Ask(w.Items[0], Today.AddDays(10), Today.AddDays(12)));

        var no = await ProblemAssert.IsProblemAsync(await w.B.PostAsJsonAsync("/api/v1/materiel/reservations", Ask(w.Items[0], Today.AddDays(12), Today.AddDays(14))), HttpStatusCode.Conflict);
        Assert.Contains("déjà réservé", no.GetProperty("detail").GetString());

        // Other days are free.
        await RequestAsync(w.B, Ask(w.Items[0], Today.AddDays(13), Today.AddDays(14)));

        var waiting = await OkAsync(await w.B.PostAsJsonAsync("/api/v1/materiel/reservations", Ask(w.Items[0], Today.AddDays(11), Today.AddDays(12), wait: true)), HttpStatusCode.Created);
        Assert.Equal("Waiting", waiting.GetProperty("status").GetString());
        var waitingId = waiting.GetProperty("id").GetInt32();

        // B cannot cancel A's request; A can.
        Assert.Equal(HttpStatusCode.NotFound, (await w.B.PostAsync($"/api/v1/materiel/reservations/{first}/annulation", null)).StatusCode);
        await OkAsync(await w.A.PostAsync($"/api/v1/materiel/reservations/{first}/annulation", null));

        var promoted = await OkAsync(await w.B.GetAsync($"/api/v1/materiel/reservations/{waitingId}"));
        Assert.Equal("Pending", promoted.GetProperty("status").GetString());
        var holds = await factory.WithDbAsync(db => db.ReservationLines.Where(l => l.ReservationId == waitingId).Select(l => l.Holds).SingleAsync());
        Assert.True(holds);
    }

    [Fact]
    public async Task Parallel_requests_for_one_item_give_one_yes_and_clear_noes()
    {
        var w = await WorldAsync();
        var start = Today.AddDays(20);
        var asks = Enumerable.Range(0, 8).Select(i => (i % 2 == 0 ? w.A : w.B).PostAsJsonAsync("/api/v1/materiel/reservations", Ask(w.Items[1], start.AddDays(i % 3), start.AddDays(3))));
        var responses = await Task.WhenAll(asks);
        var codes = responses.Select(r => r.StatusCode).ToList();
        Assert.Equal(1, codes.Count(c => c == HttpStatusCode.Created));
        Assert.Equal(7, codes.Count(c => c == HttpStatusCode.Conflict));
        foreach (var refused in responses.Where(r => r.StatusCode == HttpStatusCode.Conflict))
        {
            var problem = await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.Conflict);
            Assert.Contains("déjà réservé", problem.GetProperty("detail").GetString());
        }

        var holding = await factory.WithDbAsync(db => db.ReservationLines.CountAsync(l => l.ItemId == w.Items[1] && l.Holds));
        Assert.Equal(1, holding);
    }

    [Fact]
    public async Task A_kit_is_approved_checked_out_and_checked_in_with_a_missing_charger_which_opens_maintenance_and_leaves_availability()
    {
        var w = await WorldAsync();
        var id = await RequestAsync(w.A, Ask(null, Today, Today.AddDays(2), kit: w.KitId));

        // Checking out or in before approval is refused.
        var early = await ProblemAssert.IsProblemAsync(await w.Coordinator.PostAsJsonAsync($"/api/v1/materiel/reservations/{id}/sortie", CheckOut(w.KitItems)), HttpStatusCode.BadRequest);
        Assert.Contains("pas encore validée", early.ToString());
        var notOut = await ProblemAssert.IsProblemAsync(await w.Coordinator.PostAsJsonAsync($"/api/v1/materiel/reservations/{id}/retour", new { lines = Array.Empty<object>() }), HttpStatusCode.BadRequest);
        Assert.Contains(LendingMessages.NotOut, notOut.ToString());

        // The borrower cannot approve its own request; the coordinator can.
        Assert.Equal(HttpStatusCode.NotFound, (await DecideAsync(w.A, id, true)).StatusCode);
        var approved = await OkAsync(await DecideAsync(w.Coordinator, id, true, "Bon atelier !"));
        Assert.Equal("Approved", approved.GetProperty("status").GetString());
        Assert.All(await factory.WithDbAsync(db => db.Items.Where(i => w.KitItems.Contains(i.Id)).Select(i => i.Status).ToListAsync()), s => Assert.Equal(ItemStatus.Reserved, s));

        var noAgreement = await ProblemAssert.IsProblemAsync(
            await w.Coordinator.PostAsJsonAsync($"/api/v1/materiel/reservations/{id}/sortie", new { takenBy = "Samia Benali", lines = Array.Empty<object>() }), HttpStatusCode.BadRequest);
        Assert.Equal(LendingMessages.AgreementRequired, ProblemAssert.FieldErrors(noAgreement, "agreementAccepted")[0]);

        var out1 = await OkAsync(await w.Coordinator.PostAsJsonAsync($"/api/v1/materiel/reservations/{id}/sortie", CheckOut(w.KitItems)));
        Assert.Equal("CheckedOut", out1.GetProperty("status").GetString());
        Assert.All(await factory.WithDbAsync(db => db.Items.Where(i => w.KitItems.Contains(i.Id)).Select(i => i.Status).ToListAsync()), s => Assert.Equal(ItemStatus.OnLoan, s));

        // Back without the charger of the first tablet.
        var back = await OkAsync(await w.Coordinator.PostAsJsonAsync($"/api/v1/materiel/reservations/{id}/retour", new
        {
            lines = new object[]
            {
                new { itemId = w.KitItems[0], condition = "Good", accessories = new[] { "Coque" } },
                new { itemId = w.KitItems[1], condition = "Good", accessories = new[] { "Chargeur", "Coque" } },
            },
        }));
        Assert.Equal("Returned", back.GetProperty("status").GetString());
        var state = await factory.WithDbAsync(async db => new
        {
            Statuses = await db.Items.Where(i => w.KitItems.Contains(i.Id)).OrderBy(i => i.Id).Select(i => i.Status).ToListAsync(),
            Tickets = await db.MaintenanceTickets.Where(t => w.KitItems.Contains(t.ItemId)).Select(t => new { t.ItemId, t.Reason, t.Status }).ToListAsync(),
            History = await db.ItemEvents.Where(e => e.ItemId == w.KitItems[0]).OrderBy(e => e.Id).Select(e => e.Kind).ToListAsync(),
        });
        Assert.Equal([ItemStatus.InMaintenance, ItemStatus.Available], state.Statuses);
        var ticket = Assert.Single(state.Tickets);
        Assert.Equal(w.KitItems[0], ticket.ItemId);
        Assert.Contains("Chargeur", ticket.Reason);
        Assert.Equal([ItemEventKind.Reserved, ItemEventKind.Reserved, ItemEventKind.CheckedOut, ItemEventKind.CheckedIn, ItemEventKind.MaintenanceOpened], state.History);

        // The kit is no longer free, and cannot be asked for while its tablet is in maintenance.
        var calendar = await OkAsync(await w.A.GetAsync($"/api/v1/materiel/disponibilites?du={Today:yyyy-MM-dd}&au={Today.AddDays(6):yyyy-MM-dd}"));
        var kitRow = calendar.GetProperty("kits").EnumerateArray().Single(k => k.GetProperty("key").GetString() == "k" + w.KitId);
        Assert.All(kitRow.GetProperty("freeByDay").EnumerateArray(), d => Assert.Equal(0, d.GetInt32()));
        var blocked = calendar.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("id").GetInt32() == w.KitItems[0]);
        Assert.True(blocked.GetProperty("blocked").GetBoolean());
        var again = await ProblemAssert.IsProblemAsync(await w.B.PostAsJsonAsync("/api/v1/materiel/reservations", Ask(null, Today.AddDays(3), Today.AddDays(4), kit: w.KitId)), HttpStatusCode.BadRequest);
        Assert.Contains("en maintenance", ProblemAssert.FieldErrors(again, "kitId")[0]);

        // A second check-in of the same loan is refused.
        var twice = await ProblemAssert.IsProblemAsync(await w.Coordinator.PostAsJsonAsync($"/api/v1/materiel/reservations/{id}/retour", new { lines = Array.Empty<object>() }), HttpStatusCode.BadRequest);
        Assert.Contains(LendingMessages.NotOut, twice.ToString());

        // Closing the ticket puts the tablet back in service.
        var ticketId = await factory.WithDbAsync(db => db.MaintenanceTickets.Where(t => t.ItemId == w.KitItems[0]).Select(t => t.Id).SingleAsync());
        string? closed = "not run";
        await factory.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<Maillage.Data.AppDbContext>();
            var access = await FleetAccess.ForAsync(db, new Maillage.Shared.Scoping.UserScope("admin", [new Maillage.Shared.Scoping.ScopeGrant(Role.Administrateur, null, null)]));
            closed = await sp.GetRequiredService<MaintenanceService>().CloseAsync(access, ticketId, "Chargeur racheté", null, "Test");
        });
        Assert.Null(closed);
        Assert.Equal(ItemStatus.Available, await factory.WithDbAsync(db => db.Items.Where(i => i.Id == w.KitItems[0]).Select(i => i.Status).SingleAsync()));
    }

    [Fact]
    public async Task A_refusal_needs_a_reason_and_frees_the_days()
    {
        var w = await WorldAsync();
        var id = await RequestAsync(w.A, Ask(w.Items[2], Today.AddDays(5), Today.AddDays(6)));
        var bare = await ProblemAssert.IsProblemAsync(await DecideAsync(w.Coordinator, id, false), HttpStatusCode.BadRequest);
        Assert.Contains("pourquoi", ProblemAssert.FieldErrors(bare, "decisionNote")[0]);
        var refused = await OkAsync(await DecideAsync(w.Coordinator, id, false, "Déjà prévu pour un atelier de l'EPN."));
        Assert.Equal("Refused", refused.GetProperty("status").GetString());
        await RequestAsync(w.B, Ask(w.Items[2], Today.AddDays(5), Today.AddDays(6)));
        var decidedTwice = await ProblemAssert.IsProblemAsync(await DecideAsync(w.Coordinator, id, true), HttpStatusCode.BadRequest);
        Assert.Contains("seule une demande en attente", decidedTwice.ToString());
    }

    [Fact]
    public async Task A_structure_sees_its_own_reservations_only()
    {
        var w = await WorldAsync();
        var mine = await RequestAsync(w.A, Ask(w.Items[3], Today.AddDays(30), Today.AddDays(31)));
        Assert.Equal(HttpStatusCode.NotFound, (await w.B.GetAsync($"/api/v1/materiel/reservations/{mine}")).StatusCode);
        var listB = await OkAsync(await w.B.GetAsync("/api/v1/materiel/reservations?pageSize=200"));
        Assert.DoesNotContain(listB.GetProperty("items").EnumerateArray(), r => r.GetProperty("id").GetInt32() == mine);
        var listCoordinator = await OkAsync(await w.Coordinator.GetAsync("/api/v1/materiel/reservations?statut=Pending&pageSize=200"));
        Assert.Contains(listCoordinator.GetProperty("items").EnumerateArray(), r => r.GetProperty("id").GetInt32() == mine);

        // A structure may not borrow in another's name.
        var other = await ProblemAssert.IsProblemAsync(await w.A.PostAsJsonAsync("/api/v1/materiel/reservations", new
        {
            itemId = w.Items[3],
            borrowerOrganizationId = w.BorrowerB,
            startDate = Today.AddDays(40),
            endDate = Today.AddDays(40),
            purpose = "Atelier",
            location = "École",
        }), HttpStatusCode.BadRequest);
        Assert.Contains("au nom de cette structure", ProblemAssert.FieldErrors(other, "borrowerOrganizationId")[0]);
    }

    [Fact]
    public async Task The_availability_calendar_counts_free_items_per_day_and_checks_its_period()
    {
        var w = await WorldAsync();
        var category = await factory.WithDbAsync(db => db.Items.Where(i => i.Id == w.Items[0]).Select(i => i.CategoryId).SingleAsync());
        await RequestAsync(w.A, Ask(w.Items[0], Today.AddDays(50), Today.AddDays(51)));
        await RequestAsync(w.B, Ask(w.Items[1], Today.AddDays(51), Today.AddDays(52)));
        var from = Today.AddDays(49);
        var calendar = await OkAsync(await w.A.GetAsync($"/api/v1/materiel/disponibilites?du={from:yyyy-MM-dd}&au={from.AddDays(4):yyyy-MM-dd}&categorie={category}"));
        var mine = calendar.GetProperty("items").EnumerateArray().Where(i => w.Items.Contains(i.GetProperty("id").GetInt32())).ToList();
        Assert.Equal(4, mine.Count);
        var busy = mine.Single(i => i.GetProperty("id").GetInt32() == w.Items[0]).GetProperty("busy").EnumerateArray().Single();
        Assert.Equal(Today.AddDays(50).ToString("yyyy-MM-dd"), busy.GetProperty("start").GetString());

        // Per day, the free count drops by what the two requests hold: 0, 1, 2, 1, 0.
        var row = calendar.GetProperty("categories").EnumerateArray().Single();
        var free = row.GetProperty("freeByDay").EnumerateArray().Select(d => d.GetInt32()).ToList();
        var total = row.GetProperty("total").GetInt32();
        Assert.Equal(new[] { 0, 1, 2, 1, 0 }, free.Select(f => free[0] - f).ToArray());
        Assert.True(total >= 4);

        var bad = await ProblemAssert.IsProblemAsync(await w.A.GetAsync($"/api/v1/materiel/disponibilites?du={from:yyyy-MM-dd}&au={from.AddDays(-1):yyyy-MM-dd}"), HttpStatusCode.BadRequest);
        Assert.Contains("après", ProblemAssert.FieldErrors(bad, "au")[0]);
    }

    [Fact]
    public async Task The_daily_job_reminds_an_overdue_borrower_and_sends_the_digest_once_even_run_twice()
    {
        var w = await WorldAsync(Roanne);
        var contact = TestData.NewEmail("association");
        var id = await RequestAsync(w.A, Ask(w.Items[0], Today, Today.AddDays(1)));
        await OkAsync(await DecideAsync(w.Coordinator, id, true));
        await OkAsync(await w.Coordinator.PostAsJsonAsync($"/api/v1/materiel/reservations/{id}/sortie", CheckOut(w.Items[0])));
        // The loan ended three days ago.
        await factory.WithDbAsync(db => db.Reservations.Where(r => r.Id == id)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.StartDate, Today.AddDays(-6)).SetProperty(r => r.EndDate, Today.AddDays(-3)).SetProperty(r => r.ContactEmail, contact)));
        await factory.WithDbAsync(db => db.ReservationLines.Where(l => l.ReservationId == id)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.StartDate, Today.AddDays(-6)).SetProperty(l => l.EndDate, Today.AddDays(-3))));

        // Not back on its last day: the calendar keeps it out until today, not free.
        var calendar = await OkAsync(await w.A.GetAsync($"/api/v1/materiel/disponibilites?du={Today:yyyy-MM-dd}&au={Today.AddDays(1):yyyy-MM-dd}"));
        var late = calendar.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("id").GetInt32() == w.Items[0]);
        Assert.Equal(Today.ToString("yyyy-MM-dd"), late.GetProperty("busy").EnumerateArray().Single().GetProperty("end").GetString());

        LendingDailyReport? first = null, second = null;
        await factory.WithScopeAsync(async sp => first = await sp.GetRequiredService<LendingDaily>().RunOnceAsync());
        await factory.WithScopeAsync(async sp => second = await sp.GetRequiredService<LendingDaily>().RunOnceAsync());
        Assert.True(first!.Reminders >= 1);
        Assert.Equal(0, second!.Reminders);
        Assert.Equal(0, second.Digests);

        var reminder = await Mailbox.WaitForAsync(contact);
        Assert.Contains("Retour en retard", reminder.Subject);
        // The coordinator also got the request: the digest is the message about lateness.
        await Mailbox.WaitForAsync(w.CoordinatorEmail);
        var digest = Mailbox.Find(w.CoordinatorEmail).Single(m => m.Subject.Contains("en retard"));
        Assert.Contains($"n° {id}", digest.TextBody);
        Assert.Contains("3 jours de retard", digest.TextBody);
        await Task.Delay(300);
        Assert.Single(Mailbox.Find(contact));
        Assert.Single(Mailbox.Find(w.CoordinatorEmail), m => m.Subject.Contains("en retard"));

        var overdue = await OkAsync(await w.Coordinator.GetAsync("/api/v1/materiel/prets?retard=true&pageSize=200"));
        Assert.Contains(overdue.GetProperty("items").EnumerateArray(), r => r.GetProperty("id").GetInt32() == id && r.GetProperty("overdue").GetBoolean());
    }

    [Fact]
    public async Task A_plan_every_month_opens_due_tickets_once_and_a_plan_after_each_loan_opens_one_at_check_in()
    {
        var w = await WorldAsync();
        var (category, planId) = await factory.WithDbAsync(async db =>
        {
            var category = await db.Items.Where(i => i.Id == w.Items[0]).Select(i => i.CategoryId).SingleAsync();
            var plan = new MaintenancePlan { OrganizationId = w.Lender, CategoryId = category, Name = "Mises à jour système", EveryMonths = 3, StartsOn = Today.AddMonths(-4), CreatedAt = DateTimeOffset.UtcNow };
            db.MaintenancePlans.Add(plan);
            db.MaintenancePlans.Add(new MaintenancePlan { OrganizationId = w.Lender, CategoryId = category, Name = "Réinitialiser la tablette", AfterEachLoan = true, StartsOn = Today, CreatedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
            return (category, plan.Id);
        });

        // Take one tablet out first: its periodic ticket waits for its return.
        var loan = await RequestAsync(w.A, Ask(w.Items[3], Today, Today));
        await OkAsync(await DecideAsync(w.Coordinator, loan, true));
        await OkAsync(await w.Coordinator.PostAsJsonAsync($"/api/v1/materiel/reservations/{loan}/sortie", CheckOut(w.Items[3])));

        await factory.WithScopeAsync(async sp => await sp.GetRequiredService<LendingDaily>().RunOnceAsync());
        await factory.WithScopeAsync(async sp => await sp.GetRequiredService<LendingDaily>().RunOnceAsync());
        var periodic = await factory.WithDbAsync(db => db.MaintenanceTickets.CountAsync(t => t.PlanId == planId));
        Assert.Equal(6, periodic); // the 4 tablets and the kit's 2, once
        var statuses = await factory.WithDbAsync(db => db.Items.Where(i => w.Items.Contains(i.Id)).ToDictionaryAsync(i => i.Id, i => i.Status));
        Assert.Equal(ItemStatus.OnLoan, statuses[w.Items[3]]);
        Assert.Equal(ItemStatus.InMaintenance, statuses[w.Items[0]]);

        await OkAsync(await w.Coordinator.PostAsJsonAsync($"/api/v1/materiel/reservations/{loan}/retour", new { lines = new[] { new { itemId = w.Items[3], condition = "Good", accessories = new[] { "Chargeur", "Coque" } } } }));
        var after = await factory.WithDbAsync(db => db.MaintenanceTickets.Where(t => t.ItemId == w.Items[3] && t.Status == MaintenanceStatus.Open).Select(t => t.Reason).ToListAsync());
        Assert.Equal(["Mises à jour système", "Réinitialiser la tablette"], after.Order());
        Assert.Equal(ItemStatus.InMaintenance, await factory.WithDbAsync(db => db.Items.Where(i => i.Id == w.Items[3]).Select(i => i.Status).SingleAsync()));
        Assert.True(category > 0);
    }
}
