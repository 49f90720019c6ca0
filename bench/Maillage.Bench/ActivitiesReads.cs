using Maillage.Data;
using Maillage.Features.Accompagnements;
using Maillage.Shared.Scoping;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Maillage.Bench;

/// <summary>The read measures of "activities-bench": « mes activités » (first and deep pages, filtered) and the access resolution.</summary>
public static partial class ActivitiesBench
{
    /// <summary>Lines of « mes activités » before the deep page (page 21 of 25 lines): an advisor going back about half a year.</summary>
    private const int DeepOffset = 500;

    private static async Task MeasureListsAsync(IServiceProvider services, IReadOnlyList<Sample> samples, int warmup, int runs, List<Measure> measures)
    {
        // The access of each sampled advisor and the cursor of their deep page, computed once (not timed).
        var accesses = new List<ActivityAccess>();
        var deep = new List<string>();
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            foreach (var sample in samples)
            {
                accesses.Add(await ActivityAccess.ForAsync(db, await ScopeAccessor.ForUserAsync(db, sample.AdvisorId)));
                var at = await db.Activities.Where(a => a.AdvisorId == sample.AdvisorId && a.DeletedAt == null)
                    .OrderByDescending(a => a.Date).ThenByDescending(a => a.Id).Skip(DeepOffset).Select(a => new { a.Date, a.Id }).FirstOrDefaultAsync()
                    ?? throw new BenchUsageException($"Le conseiller {sample.AdvisorId} a moins de {DeepOffset} activités : générez une base plus grande.");
                deep.Add(ActivityList.CursorFor(at.Date, at.Id));
            }
        }

        measures.Add(new Measure("Droits d'une requête (ScopeAccessor + ActivityAccess.ForAsync)", await TimeAsync(services, warmup, runs, async (sp, i) =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            await ActivityAccess.ForAsync(db, await ScopeAccessor.ForUserAsync(db, samples[i % samples.Count].AdvisorId));
        }), null));

        async Task<Timings> ListAsync(Func<int, ActivityFilter> filter, Func<int, string?> cursor) =>
            await TimeAsync(services, warmup, runs, async (sp, i) =>
            {
                var k = i % samples.Count;
                var page = await ActivityList.QueryAsync(sp.GetRequiredService<AppDbContext>(), accesses[k], filter(k), cursor(k), ActivityList.DefaultPageSize);
                if (page.Items.Count == 0)
                {
                    throw new InvalidOperationException("Page vide : la mesure ne lirait rien.");
                }
            });

        ActivityFilter Mine(int k) => new(AdvisorId: samples[k].AdvisorId);
        measures.Add(new Measure("« Mes activités » : première page (25 lignes)", await ListAsync(Mine, _ => null), 50));
        measures.Add(new Measure($"« Mes activités » : page profonde (après {DeepOffset:N0} lignes)", await ListAsync(Mine, k => deep[k]), 50));
        measures.Add(new Measure("« Mes activités » : première page, filtre type atelier collectif", await ListAsync(k => Mine(k) with { Type = ActivityType.Collective }, _ => null), 50));
        measures.Add(new Measure("« Mes activités » : première page, filtre thème Santé + 3 derniers mois", await ListAsync(k => Mine(k) with { Theme = ActivityTheme.Health, From = DateOnly.FromDateTime(DateTime.UtcNow).AddMonths(-3) }, _ => null), 50));
    }
}
