using System.Globalization;
using Maillage.Data;
using Maillage.Features.Accompagnements;
using Maillage.Features.Accompagnements.Statistiques;
using Maillage.Features.Comptes;
using Maillage.Shared.Scoping;
using Maillage.Shared.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Pages.Activites;

/// <summary>
/// /activites/statistiques: « Mes statistiques » for a period. An advisor sees their own records; users who see an
/// organization's figures (Structure, Coordinateur, Lecteur, Administrateur) choose one of their organizations and
/// optionally one of its advisors. The same figures download as an XLSX workbook (?handler=Xlsx).
/// </summary>
public sealed class StatistiquesModel(AppDbContext db, ScopeAccessor scopes, TimeProvider clock) : PageModel
{
    public const string CustomPeriod = "personnalisee";
    public const string DefaultPeriod = "annee";

    public static readonly IReadOnlyList<(string Value, string Label)> PeriodOptions =
    [
        ("mois", "Ce mois-ci"),
        ("annee", "Cette année"),
        ("annee-derniere", "L'année dernière"),
        ("12-mois", "Les 12 derniers mois"),
        (CustomPeriod, "Période personnalisée"),
    ];

    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    [BindProperty(SupportsGet = true, Name = "periode")]
    public string? Period { get; set; }

    [BindProperty(SupportsGet = true, Name = "du")]
    public string? FromText { get; set; }

    [BindProperty(SupportsGet = true, Name = "au")]
    public string? ToText { get; set; }

    /// <summary>The organization viewed; empty: the user's own records.</summary>
    [BindProperty(SupportsGet = true, Name = "structure")]
    public string? OrganizationText { get; set; }

    [BindProperty(SupportsGet = true, Name = "conseiller")]
    public string? AdvisorId { get; set; }

    public DateOnly From { get; private set; }
    public DateOnly To { get; private set; }

    /// <summary>True for the users who may choose an organization (not a mere advisor).</summary>
    public bool HasOrganizationView { get; private set; }

    /// <summary>True when « mes propres activités » is offered (the user records activities).</summary>
    public bool CanViewOwn { get; private set; }

    public IReadOnlyList<(int Id, string Name)> Organizations { get; private set; } = [];
    public IReadOnlyList<(string Id, string Name)> Advisors { get; private set; } = [];
    public int? OrganizationId { get; private set; }
    public string ScopeLabel { get; private set; } = "";
    public ActivityFigures? Figures { get; private set; }
    public IReadOnlyList<FigureTable> Tables { get; private set; } = [];

    /// <summary>What every table's caption names: the scope and the period.</summary>
    public string CaptionScope => $"{ScopeLabel}, {PeriodLabel}";

    public string PeriodLabel => From == To ? $"le {Day(From)}" : $"du {Day(From)} au {Day(To)}";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var result = await ComputeAsync(ct);
        return result ?? Page();
    }

    public async Task<IActionResult> OnGetXlsxAsync(CancellationToken ct)
    {
        var result = await ComputeAsync(ct);
        if (result is not null)
        {
            return result;
        }

        if (Figures is null)
        {
            // Invalid period or filter: the page says what is wrong.
            return Page();
        }

        var stream = new MemoryStream();
        FigureWorkbook.Write(stream, Tables,
        [
            ("Période", PeriodLabel),
            ("Du", From.ToString("dd/MM/yyyy", French)),
            ("Au", To.ToString("dd/MM/yyyy", French)),
            ("Périmètre", ScopeLabel),
            ("Produit le", ParisTime.Format(clock.GetUtcNow())),
        ]);
        stream.Position = 0;
        return File(stream, FigureWorkbook.ContentType, $"statistiques-{From:yyyy-MM-dd}-{To:yyyy-MM-dd}.xlsx");
    }

    /// <summary>The query string of the current choice, for the download link.</summary>
    public string XlsxUrl()
    {
        var values = new Dictionary<string, string?>
        {
            ["handler"] = "Xlsx",
            ["periode"] = CustomPeriod,
            ["du"] = From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["au"] = To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["structure"] = OrganizationId?.ToString(CultureInfo.InvariantCulture),
            ["conseiller"] = string.IsNullOrEmpty(AdvisorId) ? null : AdvisorId,
        };
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/activites/statistiques", values.Where(v => v.Value is not null)!);
    }

    /// <summary>Resolves the scope and the period, then computes; a result when the request ends here (forbidden, not found).</summary>
    private async Task<IActionResult?> ComputeAsync(CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        var access = await ActivityAccess.ForAsync(db, scope, ct);
        if (!access.CanSeeStatistics || access.UserId is not { } userId)
        {
            return Forbid();
        }

        HasOrganizationView = scope.IsAdministrator || scope.Has(Role.Structure, Role.Coordinateur, Role.Lecteur);
        CanViewOwn = access.CanRecord;
        if (HasOrganizationView)
        {
            var organizations = db.Organizations.AsNoTracking();
            if (access.AggregateOrganizationIds is { } ids)
            {
                organizations = organizations.Where(o => ids.Contains(o.Id));
            }

            Organizations = [.. (await organizations.Select(o => new { o.Id, o.Name }).ToListAsync(ct))
                .OrderBy(o => o.Name, StringComparer.Create(French, true)).Select(o => (o.Id, o.Name))];
        }

        // The organization: given and within the user's figures, or the default (own records, else the first organization).
        if (!string.IsNullOrEmpty(OrganizationText))
        {
            if (!HasOrganizationView || !int.TryParse(OrganizationText, NumberStyles.None, CultureInfo.InvariantCulture, out var chosen)
                || !Organizations.Any(o => o.Id == chosen))
            {
                return NotFound();
            }

            OrganizationId = chosen;
        }
        else if (!CanViewOwn)
        {
            if (Organizations.Count == 0)
            {
                return Forbid();
            }

            OrganizationId = Organizations[0].Id;
        }

        IQueryable<Activity> records;
        if (OrganizationId is { } orgId)
        {
            Advisors = [.. (await db.Grants.AsNoTracking().Where(g => g.Role == Role.Conseiller && g.OrganizationId == orgId)
                    .Select(g => new { g.UserId, g.User!.DisplayName }).Distinct().ToListAsync(ct))
                .OrderBy(a => a.DisplayName, StringComparer.Create(French, true)).Select(a => (a.UserId, a.DisplayName))];
            // The organization was checked against the user's figures (AggregateOrganizationIds) above; the records are filtered
            // on it alone, without the scope's IN list, so that PostgreSQL estimates the rows right and picks the advisor's
            // index when an advisor is chosen.
            records = db.Activities.Where(a => a.OrganizationId == orgId && a.DeletedAt == null);
            var organizationName = Organizations.First(o => o.Id == orgId).Name;
            ScopeLabel = organizationName;
            if (!string.IsNullOrEmpty(AdvisorId))
            {
                var advisor = Advisors.FirstOrDefault(a => a.Id == AdvisorId);
                if (advisor.Id is null)
                {
                    ModelState.AddModelError("conseiller", "Choisissez un conseiller ou une conseillère de cette structure.");
                }
                else
                {
                    var advisorId = advisor.Id;
                    records = records.Where(a => a.AdvisorId == advisorId);
                    ScopeLabel = $"{organizationName}, activités de {advisor.Name}";
                }
            }
        }
        else
        {
            AdvisorId = null;
            records = db.Activities.Where(a => a.AdvisorId == userId && a.DeletedAt == null);
            ScopeLabel = "Mes activités";
        }

        ResolvePeriod();
        if (!ModelState.IsValid)
        {
            return null;
        }

        Figures = await ActivityStatistics.ComputeAsync(db, records, From, To, ct);
        Tables = FigureTables.Build(Figures);
        return null;
    }

    /// <summary>A preset, or the custom dates (given dates without a preset mean a custom period); French errors on the fields.</summary>
    private void ResolvePeriod()
    {
        var today = DateOnly.FromDateTime(ParisTime.ToParis(clock.GetUtcNow()).DateTime);
        if (string.IsNullOrEmpty(Period))
        {
            Period = !string.IsNullOrWhiteSpace(FromText) || !string.IsNullOrWhiteSpace(ToText) ? CustomPeriod : DefaultPeriod;
        }

        switch (Period)
        {
            case "mois":
                (From, To) = (new DateOnly(today.Year, today.Month, 1), today);
                break;
            case "annee-derniere":
                (From, To) = (new DateOnly(today.Year - 1, 1, 1), new DateOnly(today.Year - 1, 12, 31));
                break;
            case "12-mois":
                (From, To) = (new DateOnly(today.Year, today.Month, 1).AddMonths(-11), today);
                break;
            case CustomPeriod:
                var from = ParseDate("du", FromText, "Indiquez la date de début de la période.");
                var to = ParseDate("au", ToText, "Indiquez la date de fin de la période.");
                if (from is { } f && to is { } t)
                {
                    if (f > t)
                    {
                        ModelState.AddModelError("au", "La date de fin doit être le même jour que la date de début ou après.");
                    }
                    else if (f.AddYears(ActivityStatistics.MaxYears) <= t)
                    {
                        ModelState.AddModelError("au", $"La période ne peut pas dépasser {ActivityStatistics.MaxYears} ans : choisissez une date de fin plus proche.");
                    }

                    (From, To) = (f, t);
                }
                else
                {
                    (From, To) = (from ?? today, to ?? today);
                }

                break;
            default:
                Period = DefaultPeriod;
                (From, To) = (new DateOnly(today.Year, 1, 1), today);
                break;
        }

        if (Period != CustomPeriod)
        {
            FromText = From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            ToText = To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }
    }

    private DateOnly? ParseDate(string key, string? text, string missing)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            ModelState.AddModelError(key, missing);
            return null;
        }

        // The date field sends yyyy-MM-dd; a typed French date is read too.
        if (DateOnly.TryParseExact(text.Trim(), ["yyyy-MM-dd", "dd/MM/yyyy", "d/M/yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) && date.Year >= 2000)
        {
            return date;
        }

        ModelState.AddModelError(key, "Indiquez une date valide au format jj/mm/aaaa, après l'an 2000.");
        return null;
    }

    private static string Day(DateOnly date) => date.ToString("d MMMM yyyy", French);
}

/// <summary>One breakdown and the scope its table's caption names.</summary>
public sealed record StatBreakdownView(FigureTable Table, string Scope);
