using Maillage.BrowserTests.Infrastructure;
using Maillage.Data;
using Maillage.Features.Agenda;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Maillage.BrowserTests;

/// <summary>On a phone, a person opens the demo library's fiche and finds the drop-in hours, the booking link and the next workshops.</summary>
public sealed class AgendaDuLieuTests(AppFixture app) : BrowserTest<AppFixture>(app)
{
    [Fact]
    public Task OnAPhoneTheFicheOfTheLibraryShowsTheHoursTheBookingLinkAndTheNextWorkshops() =>
        RunAsync(nameof(OnAPhoneTheFicheOfTheLibraryShowsTheHoursTheBookingLinkAndTheNextWorkshops), 375, async page =>
        {
            int placeId;
            List<int> upcoming;
            await using (var scope = App.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                placeId = await db.Places.Where(p => p.Name == AgendaDemo.PabloNeruda).Select(p => p.Id).SingleAsync();
                var now = DateTimeOffset.UtcNow;
                upcoming = (await db.WorkshopSessions.Where(s => s.PlaceId == placeId && s.Status == WorkshopSessionStatus.Scheduled)
                        .Select(s => new { s.Id, s.Start }).ToListAsync())
                    .Where(s => s.Start > now).OrderBy(s => s.Start).Take(PlaceAgenda.SessionCount).Select(s => s.Id).ToList();
            }

            Assert.NotEmpty(upcoming);
            await page.SetViewportSizeAsync(375, 800);
            await VisitAsync(page, $"/lieux/{placeId}");

            var hours = page.GetByRole(AriaRole.Region, new() { Name = "Permanences des conseillers numériques" });
            await Expect(hours).ToBeVisibleAsync();
            await Expect(hours.GetByRole(AriaRole.Listitem).First).ToContainTextAsync("Le mercredi de 14 h à 18 h : sur rendez-vous, avec Hugo B.");
            await Expect(hours).ToContainTextAsync("Le samedi de 10 h à 12 h : sans rendez-vous");
            await Expect(hours).ToContainTextAsync("Fermetures prévues");
            var book = hours.GetByRole(AriaRole.Link, new() { Name = "Prendre rendez-vous" });
            await Expect(book).ToBeVisibleAsync();
            await Expect(book).ToHaveAttributeAsync("href", $"/rendez-vous?lieu={placeId}");

            var workshops = page.GetByRole(AriaRole.Region, new() { Name = "Prochains ateliers" });
            var links = workshops.Locator(".agenda-sessions > li > a");
            await Expect(links).ToHaveCountAsync(upcoming.Count);
            for (var i = 0; i < upcoming.Count; i++)
            {
                await Expect(links.Nth(i)).ToHaveAttributeAsync("href", $"/ateliers/{upcoming[i]}");
            }

            await Expect(workshops).ToContainTextAsync("Complet : inscription sur liste d'attente");

            // Nothing wider than the phone: the page never scrolls sideways.
            var width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
            Assert.True(width <= 375, $"the fiche is {width} px wide on a 375 px screen");
            await book.FocusAsync();
            await Expect(book).ToBeFocusedAsync();
            await Screenshots.SaveAsync(page, "fiche-lieu-agenda-375px");

            // The two ways on: the booking pages open on this place, a session's page on that session.
            var title = await links.First.TextContentAsync();
            await ClickAndWaitForNewDocumentAsync(page, links.First);
            await Expect(page).ToHaveURLAsync(PathPattern($"/ateliers/{upcoming[0]}"));
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(title!);
            await AssertAccessibleAsync(page);
            await page.GoBackAsync();
            await ClickAndWaitForNewDocumentAsync(page, book);
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/rendez-vous\\?lieu={placeId}$"));
            await Expect(page.Locator("main")).ToContainTextAsync(AgendaDemo.PabloNeruda);
            await AssertAccessibleAsync(page);
        });
}
