using Maillage.Features.Agenda;
using Maillage.Features.Comptes;
using Maillage.Shared.Web;
using Maillage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Maillage.Tests.Features.Lieux.Search.PlaceSearchTestData;

namespace Maillage.Tests.Features.Agenda.Demo;

/// <summary>The agenda block of the public fiche lieu, through HTTP: drop-in hours in plain French, booking link, next sessions.</summary>
[Trait("Category", "Database")]
public sealed class PlaceAgendaPageTests(PlaceAgendaPageTests.Factory factory) : IClassFixture<PlaceAgendaPageTests.Factory>
{
    public sealed class Factory : MaillageFactory
    {
        public Factory() => WithSetting("RateLimiting:PublicPerMinute", "10000");
    }

    private async Task<(AdvisorProfile Profile, int OrganizationId)> AdvisorAsync(string publicName)
    {
        var organization = await factory.CreateOrganizationAsync();
        var user = await factory.CreateUserAsync(TestData.NewEmail("conseiller"), TestData.Password, Role.Conseiller, organizationId: organization.Id);
        var profile = await factory.WithDbAsync(async db =>
        {
            var profile = new AdvisorProfile { UserId = user.Id, OrganizationId = organization.Id, PublicName = publicName, CreatedAt = DateTimeOffset.UtcNow };
            db.AdvisorProfiles.Add(profile);
            await db.SaveChangesAsync();
            return profile;
        });
        return (profile, organization.Id);
    }

    private Task AddPermanenceAsync(AdvisorProfile profile, int placeId, DayOfWeek day, TimeOnly start, TimeOnly end, PermanenceMode mode, DateOnly? until = null, DateOnly? from = null) =>
        factory.WithDbAsync(async db =>
        {
            db.Permanences.Add(new Permanence
            {
                AdvisorProfileId = profile.Id,
                AdvisorId = profile.UserId,
                PlaceId = placeId,
                Day = day,
                Start = start,
                End = end,
                Mode = mode,
                ValidFrom = from ?? new DateOnly(2025, 1, 1),
                ValidUntil = until,
                CreatedAt = DateTimeOffset.UtcNow,
            });
            return await db.SaveChangesAsync();
        });

    private Task<int> AddSessionAsync(int placeId, int organizationId, DateTimeOffset start, int capacity = 8, int confirmed = 2, WorkshopSessionStatus status = WorkshopSessionStatus.Scheduled, string title = "Faire son CV") =>
        factory.WithDbAsync(async db =>
        {
            var type = await db.WorkshopTypes.FirstAsync(t => t.Title == title);
            var session = new WorkshopSession
            {
                WorkshopTypeId = type.Id,
                PlaceId = placeId,
                OrganizationId = organizationId,
                Start = start,
                End = start.AddMinutes(type.DurationMinutes),
                Capacity = capacity,
                ConfirmedCount = confirmed,
                Status = status,
                CreatedAt = DateTimeOffset.UtcNow,
            };
            db.WorkshopSessions.Add(session);
            await db.SaveChangesAsync();
            return session.Id;
        });

    /// <summary>A Paris wall-clock time some days ahead, as an instant.</summary>
    private static DateTimeOffset Ahead(int days, int hour)
    {
        var day = DateOnly.FromDateTime(ParisTime.ToParis(DateTimeOffset.UtcNow).DateTime).AddDays(days);
        return SlotCalculator.ToInstant(day, new TimeOnly(hour, 0))!.Value;
    }

    [Fact]
    public async Task TheFicheShowsTheHoursInPlainFrenchTheBookingLinkAndTheNextFiveSessionsInOrder()
    {
        var place = await factory.AddPlaceAsync($"{NewTag()} maison des habitants");
        var (samia, organizationId) = await AdvisorAsync("Samia B.");
        var (louis, _) = await AdvisorAsync("Louis P.");
        await AddPermanenceAsync(samia, place.Id, DayOfWeek.Monday, new TimeOnly(14, 0), new TimeOnly(17, 30), PermanenceMode.Appointment);
        await AddPermanenceAsync(louis, place.Id, DayOfWeek.Friday, new TimeOnly(9, 0), new TimeOnly(12, 0), PermanenceMode.WalkIn, until: new DateOnly(2099, 12, 31));
        await AddPermanenceAsync(louis, place.Id, DayOfWeek.Tuesday, new TimeOnly(9, 0), new TimeOnly(12, 0), PermanenceMode.Appointment, until: new DateOnly(2020, 6, 30));

        // Seven coming sessions out of order, a cancelled one and a past one: the fiche lists the next five scheduled.
        int[] order = [6, 2, 9, 4, 1, 12, 8];
        var ids = new Dictionary<int, int>();
        foreach (var days in order)
        {
            ids[days] = await AddSessionAsync(place.Id, organizationId, Ahead(days, 10), confirmed: days == 2 ? 8 : 3);
        }

        var cancelled = await AddSessionAsync(place.Id, organizationId, Ahead(3, 10), status: WorkshopSessionStatus.Cancelled);
        var past = await AddSessionAsync(place.Id, organizationId, Ahead(-2, 10));
        using var client = factory.CreateBrowserClient();

        var page = await Forms.GetDocumentAsync(client, $"/lieux/{place.Id}");

        var hours = page.QuerySelector("section[aria-labelledby='permanences']");
        Assert.NotNull(hours);
        Assert.Equal("Permanences des conseillers numériques", hours.QuerySelector("h2")?.TextContent);
        var lines = hours.QuerySelectorAll(".agenda-permanences > li").Select(li => Collapse(li.TextContent)).ToList();
        Assert.Equal(2, lines.Count);
        Assert.Equal("Le lundi de 14 h à 17 h 30 : sur rendez-vous, avec Samia B.", lines[0]);
        Assert.Equal("Le vendredi de 9 h à 12 h : sans rendez-vous, avec Louis P. (jusqu'au 31 décembre 2099)", lines[1]);
        var book = hours.QuerySelector("a.btn");
        Assert.Equal("Prendre rendez-vous", book?.TextContent);
        Assert.Equal($"/rendez-vous?lieu={place.Id}", book?.GetAttribute("href"));

        var sessions = page.QuerySelector("section[aria-labelledby='ateliers-du-lieu']");
        Assert.NotNull(sessions);
        var links = sessions.QuerySelectorAll(".agenda-sessions > li > a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal(new[] { 1, 2, 4, 6, 8 }.Select(d => $"/ateliers/{ids[d]}"), links);
        Assert.DoesNotContain($"/ateliers/{cancelled}", links);
        Assert.DoesNotContain($"/ateliers/{past}", links);
        var items = sessions.QuerySelectorAll(".agenda-sessions > li").Select(li => Collapse(li.TextContent)).ToList();
        Assert.StartsWith("Faire son CV, le ", items[0], StringComparison.Ordinal);
        Assert.Contains("de 10 h à 12 h.", items[0], StringComparison.Ordinal);
        Assert.EndsWith("5 places restantes", items[0], StringComparison.Ordinal);
        Assert.EndsWith("Complet : inscription sur liste d'attente", items[1], StringComparison.Ordinal);
        Assert.Equal("/ateliers", sessions.QuerySelector("a[href='/ateliers']")?.GetAttribute("href"));
    }

    [Fact]
    public async Task AWalkInOnlyPlaceHasNoBookingLinkAndAPlaceWithoutAgendaShowsNothingOfIt()
    {
        var walkIn = await factory.AddPlaceAsync($"{NewTag()} accès libre");
        var quiet = await factory.AddPlaceAsync($"{NewTag()} sans permanence");
        var (advisor, _) = await AdvisorAsync("Nina R.");
        await AddPermanenceAsync(advisor, walkIn.Id, DayOfWeek.Wednesday, new TimeOnly(9, 0), new TimeOnly(12, 0), PermanenceMode.WalkIn);

        // An advisor who left (inactive profile) no longer shows on the place where they worked.
        var (gone, _) = await AdvisorAsync("Parti D.");
        await AddPermanenceAsync(gone, quiet.Id, DayOfWeek.Monday, new TimeOnly(9, 0), new TimeOnly(12, 0), PermanenceMode.Appointment);
        await factory.WithDbAsync(db => db.AdvisorProfiles.Where(p => p.Id == gone.Id).ExecuteUpdateAsync(s => s.SetProperty(p => p.IsActive, false)));
        using var client = factory.CreateBrowserClient();

        var page = await Forms.GetDocumentAsync(client, $"/lieux/{walkIn.Id}");
        var empty = await Forms.GetDocumentAsync(client, $"/lieux/{quiet.Id}");

        var hours = page.QuerySelector("section[aria-labelledby='permanences']");
        Assert.NotNull(hours);
        Assert.Contains("Le mercredi de 9 h à 12 h : sans rendez-vous, avec Nina R.", Collapse(hours.TextContent), StringComparison.Ordinal);
        Assert.Contains("Présentez-vous aux heures de permanence, sans rendez-vous.", hours.TextContent, StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("a[href^='/rendez-vous?lieu=']"));
        Assert.Null(page.QuerySelector("section[aria-labelledby='ateliers-du-lieu']"));
        Assert.Null(empty.QuerySelector("section[aria-labelledby='permanences']"));
        Assert.Null(empty.QuerySelector("section[aria-labelledby='ateliers-du-lieu']"));
        Assert.Null(empty.QuerySelector("a[href^='/rendez-vous?lieu=']"));
        Assert.NotNull(empty.QuerySelector("h1"));
    }

    [Fact]
    public async Task AComingClosureOfThePlaceIsAnnounced()
    {
        var place = await factory.AddPlaceAsync($"{NewTag()} fermeture");
        var (advisor, _) = await AdvisorAsync("Éric V.");
        await AddPermanenceAsync(advisor, place.Id, DayOfWeek.Thursday, new TimeOnly(14, 0), new TimeOnly(18, 0), PermanenceMode.Appointment);
        var start = Ahead(5, 13);
        await factory.WithDbAsync(db =>
        {
            db.Absences.Add(new Absence { PlaceId = place.Id, Start = start, End = start.AddHours(6), Reason = "Inventaire", CreatedAt = DateTimeOffset.UtcNow });
            return db.SaveChangesAsync();
        });
        using var client = factory.CreateBrowserClient();

        var page = await Forms.GetDocumentAsync(client, $"/lieux/{place.Id}");

        var text = Collapse(page.QuerySelector("section[aria-labelledby='permanences']")!.TextContent);
        Assert.Contains("Fermetures prévues", text, StringComparison.Ordinal);
        Assert.Contains("de 13 h à 19 h (Inventaire)", text, StringComparison.Ordinal);
    }

    private static string Collapse(string text) => System.Text.RegularExpressions.Regex.Replace(text, @"\s+", " ").Trim();
}
