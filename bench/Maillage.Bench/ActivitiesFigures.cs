using Maillage.Data;
using Maillage.Features.Accompagnements;
using Maillage.Features.Accompagnements.Statistiques;
using Maillage.Shared.Scoping;
using Microsoft.Extensions.DependencyInjection;

namespace Maillage.Bench;

/// <summary>The figures measures of "activities-bench": an advisor's and the biggest organization's statistics over a year.</summary>
public static partial class ActivitiesBench
{
    private static async Task MeasureFiguresAsync(IServiceProvider services, IReadOnlyList<Sample> samples, int biggest, DateOnly today, int warmup, int runs, List<Measure> measures)
    {
        // The « 12 derniers mois » of the page: from the same day last year to today.
        var from = today.AddYears(-1).AddDays(1);
        var memberOfBiggest = samples.First(s => s.OrganizationId == biggest);
        await using (var scope = services.CreateAsyncScope())
        {
            // The page first checks the organization against the user's figures; an advisor sees their own organization's.
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var access = await ActivityAccess.ForAsync(db, await ScopeAccessor.ForUserAsync(db, memberOfBiggest.AdvisorId));
            if (access.AggregateOrganizationIds is { } visible && !visible.Contains(biggest))
            {
                throw new InvalidOperationException("Un conseiller de la structure ne voit pas ses chiffres : la mesure ne serait pas celle de la page.");
            }
        }

        var people = 0L;
        measures.Add(new Measure("Statistiques d'un conseiller sur un an (ActivityStatistics.ComputeAsync)", await TimeAsync(services, warmup, runs, async (sp, i) =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var advisor = samples[i % samples.Count].AdvisorId;

            // The records « Mes statistiques » gives an advisor: their own, live.
            var figures = await ActivityStatistics.ComputeAsync(db, db.Activities.Where(a => a.AdvisorId == advisor && a.DeletedAt == null), from, today, default);
            people += figures.Total.Accompaniments;
        }), 150));
        Console.WriteLine($"  accompagnements par conseiller et par an (moyenne mesurée) : {people / (double)(warmup + runs):N0}");

        people = 0;
        measures.Add(new Measure($"Statistiques de la plus grande structure sur un an (n° {biggest})", await TimeAsync(services, warmup, runs, async (sp, _) =>
        {
            var db = sp.GetRequiredService<AppDbContext>();

            // The organization view of the page: that organization's live records (filtered on it alone, as the page does).
            var figures = await ActivityStatistics.ComputeAsync(db, db.Activities.Where(a => a.OrganizationId == biggest && a.DeletedAt == null), from, today, default);
            people = figures.Total.Accompaniments;
        }), 500));
        Console.WriteLine($"  plus grande structure : {people:N0} accompagnements sur l'année");

        // The same computation on a period without any record: what it costs outside the database (query building, EF Core).
        var empty = new DateOnly(2001, 1, 1);
        measures.Add(new Measure("— même calcul sur une période sans activité (coût hors base)", await TimeAsync(services, warmup, runs, async (sp, _) =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            await ActivityStatistics.ComputeAsync(db, db.Activities.Where(a => a.OrganizationId == biggest && a.DeletedAt == null), empty, empty.AddYears(1).AddDays(-1), default);
        }), null));
    }
}
