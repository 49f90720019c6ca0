using System.Net.Http.Json;
using System.Text.Json;
using Maillage.Data;
using Maillage.Features.Accompagnements;
using Maillage.Features.Materiel;
using Maillage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Maillage.Tests.Features.Materiel;

/// <summary>The seeds' fleet, produced by the real demo seeder and checked as the coordinator sees it.</summary>
[Trait("Category", "Database")]
public sealed class FleetDemoTests(MaillageFactory factory) : IClassFixture<MaillageFactory>
{
    [Fact]
    public async Task The_demo_fleet_has_the_seeds_189_objects_three_kits_and_a_coherent_history()
    {
        await factory.WithScopeAsync(sp => sp.GetRequiredService<DemoSeeder>().SeedAsync());
        var unit = await factory.WithDbAsync(db => db.Organizations.SingleAsync(o => o.Name == ActivitiesDemo.UnitName));
        // The laptops of the demo campaign are items of the unit too, counted apart (CampaignDemoTests).
        var items = await factory.WithDbAsync(db => db.Items.AsNoTracking().Where(i => i.CampaignId == null).Include(i => i.Category).Include(i => i.Accessories).ToListAsync());

        Assert.Equal(FleetDemo.FleetSize, items.Count);
        Assert.All(items, i => Assert.Equal(unit.Id, i.OrganizationId));
        Assert.Equal(items.Count, items.Select(i => i.AssetTag).Distinct().Count());
        Assert.All(items, i => Assert.StartsWith(i.Category!.TagPrefix + "-", i.AssetTag, StringComparison.Ordinal));
        Assert.Equal(FleetDefaults.Categories.Length, items.Select(i => i.CategoryId).Distinct().Count());
        Assert.All(items, i => Assert.NotEmpty(i.Accessories));
        Assert.Equal(2, items.Count(i => i.Status == ItemStatus.InMaintenance));
        Assert.Single(items, i => i.Status == ItemStatus.OutOfService);
        Assert.Single(items, i => i.Status == ItemStatus.Retired);

        var kits = await factory.WithDbAsync(db => db.Kits.AsNoTracking().Include(k => k.Items).ToListAsync());
        Assert.Equal(3, kits.Count);
        Assert.All(kits, k => Assert.Equal((8, 1), (k.Items.Count(i => i.AssetTag.StartsWith("TAB-", StringComparison.Ordinal)), k.Items.Count(i => i.AssetTag.StartsWith("4G-", StringComparison.Ordinal)))));
        // The lending demo has one kit out and one to pick up today; none is broken.
        Assert.All(kits.SelectMany(k => k.Items), i => Assert.Contains(i.Status, new[] { ItemStatus.Available, ItemStatus.Reserved, ItemStatus.OnLoan }));
        Assert.Equal(FleetDemo.FleetSize, await factory.WithDbAsync(db => db.ItemEvents.Where(e => db.Items.Any(i => i.Id == e.ItemId && i.CampaignId == null)).Select(e => e.ItemId).Distinct().CountAsync()));

        // The coordinator of the city sees the whole fleet, by the API and the page.
        var coordinator = factory.CreateBrowserClient();
        await factory.LoginAsync(coordinator, "coordination@demo.maillage.fr", DemoSeeder.Password);
        const int Fleet = FleetDemo.FleetSize + Maillage.Features.Materiel.Campaigns.CampaignDemo.StockSize;
        Assert.Equal(Fleet, (await coordinator.GetFromJsonAsync<JsonElement>("/api/v1/materiel")).GetProperty("total").GetInt32());
        Assert.Contains($"{Fleet} objets", (await Forms.GetDocumentAsync(coordinator, "/materiel")).QuerySelector("[role=status]")!.TextContent);
    }

    [Fact]
    public async Task The_demo_lending_has_a_dozen_partners_months_of_loans_one_overdue_and_never_two_holds_on_one_item()
    {
        await factory.WithScopeAsync(sp => sp.GetRequiredService<DemoSeeder>().SeedAsync());
        var today = DateOnly.FromDateTime(Maillage.Shared.Web.ParisTime.ToParis(DateTimeOffset.UtcNow).DateTime);
        var reservations = await factory.WithDbAsync(db => db.Reservations.AsNoTracking().Include(r => r.Lines).ToListAsync());
        Assert.True(reservations.Count >= 50, $"{reservations.Count} reservations");
        Assert.True(reservations.Select(r => r.BorrowerOrganizationId).Distinct().Count() >= 10);
        Assert.True(reservations.Min(r => r.StartDate) <= today.AddMonths(-3));
        var overdue = Assert.Single(reservations, r => r.Status == ReservationStatus.CheckedOut && r.EndDate < today);
        Assert.NotNull(overdue.AgreementName);
        Assert.Contains(reservations, r => r.Status == ReservationStatus.Pending);
        Assert.Contains(reservations, r => r.Status == ReservationStatus.Waiting);
        Assert.Contains(reservations, r => r.Status == ReservationStatus.Approved && r.StartDate == today);

        // Holding lines never overlap on one item; returned loans hold nothing.
        foreach (var group in reservations.SelectMany(r => r.Lines).Where(l => l.Holds).GroupBy(l => l.ItemId))
        {
            var sorted = group.OrderBy(l => l.StartDate).ToList();
            for (var i = 1; i < sorted.Count; i++)
            {
                Assert.True(sorted[i].StartDate > sorted[i - 1].EndDate, $"item {group.Key} held twice");
            }
        }

        Assert.All(reservations.Where(r => r.Status == ReservationStatus.Returned).SelectMany(r => r.Lines), l => Assert.False(l.Holds));

        // Items in maintenance have their open ticket.
        var inMaintenance = await factory.WithDbAsync(db => db.Items.Where(i => i.Status == ItemStatus.InMaintenance).Select(i => i.Id).ToListAsync());
        var ticketed = await factory.WithDbAsync(db => db.MaintenanceTickets.Where(t => t.Status == MaintenanceStatus.Open).Select(t => t.ItemId).Distinct().ToListAsync());
        Assert.All(inMaintenance, id => Assert.Contains(id, ticketed));
    }
}
