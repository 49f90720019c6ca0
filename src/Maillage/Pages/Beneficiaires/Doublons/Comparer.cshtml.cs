using Maillage.Data;
using Maillage.Features.Accompagnements;
using Maillage.Features.Accompagnements.Beneficiaires;
using Maillage.Shared.Scoping;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Pages.Beneficiaires.Doublons;

/// <summary>
/// /beneficiaires/doublons/{a}/{b}: two files side by side; the user picks the one that stays, checks what will happen,
/// then confirms the merge. Both files must be open to the user and held by the same organization.
/// </summary>
public sealed class ComparerModel(AppDbContext db, ScopeAccessor scopes, BeneficiaryService service) : PageModel
{
    public const string ConflictMessage = "L'une des deux fiches a été modifiée entre-temps : ses valeurs actuelles sont affichées ci-dessous. Vérifiez votre choix, puis recommencez.";

    public Beneficiary A { get; private set; } = null!;
    public Beneficiary B { get; private set; } = null!;
    public int ActivitiesA { get; private set; }
    public int ActivitiesB { get; private set; }
    public BeneficiaryMatch? Match { get; private set; }
    public DateOnly Today { get; private set; }

    /// <summary>"choix" (pick the file to keep) or "confirmation" (the summary before merging).</summary>
    public string Step { get; private set; } = "choix";
    public string? Error { get; private set; }

    /// <summary>"a" or "b": the file that stays.</summary>
    [BindProperty]
    public string? Keep { get; set; }

    [BindProperty]
    public uint VersionA { get; set; }

    [BindProperty]
    public uint VersionB { get; set; }

    public Beneficiary Kept => Keep == "b" ? B : A;
    public Beneficiary Other => Keep == "b" ? A : B;
    public int OtherActivities => Keep == "b" ? ActivitiesA : ActivitiesB;

    public async Task<IActionResult> OnGetAsync(long a, long b, CancellationToken ct)
    {
        if (!await LoadAsync(a, b, audit: true, ct))
        {
            return NotFound();
        }

        VersionA = A.Version;
        VersionB = B.Version;
        Keep = ActivitiesB > ActivitiesA ? "b" : "a";
        return Page();
    }

    public async Task<IActionResult> OnPostVerifierAsync(long a, long b, CancellationToken ct)
    {
        if (!await LoadAsync(a, b, audit: false, ct))
        {
            return NotFound();
        }

        if (Ready())
        {
            Step = "confirmation";
        }

        return Page();
    }

    public async Task<IActionResult> OnPostFusionnerAsync(long a, long b, CancellationToken ct)
    {
        if (!await LoadAsync(a, b, audit: false, ct))
        {
            return NotFound();
        }

        if (!Ready())
        {
            return Page();
        }

        var access = await ActivityAccess.ForAsync(db, await scopes.GetAsync(ct), ct);
        var (keptId, keptVersion, otherId, otherVersion) = Keep == "b" ? (b, VersionB, a, VersionA) : (a, VersionA, b, VersionB);
        var outcome = await service.MergeAsync(access, keptId, keptVersion, otherId, otherVersion, ct);
        switch (outcome)
        {
            case BeneficiaryMergeOutcome.Merged:
                TempData["Message"] = $"Les deux fiches ont été fusionnées : la fiche n° {keptId} est conservée avec tous les accompagnements ; la fiche n° {otherId} est effacée.";
                return Redirect($"/beneficiaires/{keptId}");
            case BeneficiaryMergeOutcome.Conflict:
                db.ChangeTracker.Clear();
                if (!await LoadAsync(a, b, audit: false, ct))
                {
                    return NotFound();
                }

                Error = ConflictMessage;
                VersionA = A.Version;
                VersionB = B.Version;
                Step = "choix";
                return Page();
            default:
                return NotFound();
        }
    }

    private bool Ready()
    {
        if (VersionA != A.Version || VersionB != B.Version)
        {
            Error = ConflictMessage;
            VersionA = A.Version;
            VersionB = B.Version;
            Step = "choix";
            return false;
        }

        if (Keep is not ("a" or "b"))
        {
            ModelState.AddModelError(nameof(Keep), "Choisissez la fiche à conserver.");
            return false;
        }

        return true;
    }

    private async Task<bool> LoadAsync(long a, long b, bool audit, CancellationToken ct)
    {
        if (a == b)
        {
            return false;
        }

        var access = await ActivityAccess.ForAsync(db, await scopes.GetAsync(ct), ct);
        var files = await access.Beneficiaries(db.Beneficiaries.AsNoTracking()).Where(f => (f.Id == a || f.Id == b) && f.AnonymisedAt == null).ToListAsync(ct);
        if (files.Count != 2 || files[0].OrganizationId != files[1].OrganizationId)
        {
            return false;
        }

        A = files.Single(f => f.Id == a);
        B = files.Single(f => f.Id == b);
        Today = service.Today;
        ActivitiesA = await service.History(a).CountAsync(ct);
        ActivitiesB = await service.History(b).CountAsync(ct);
        Match = BeneficiaryDuplicates.Compare(Sketch(A), Sketch(B));
        if (audit)
        {
            await service.AuditReadsAsync(BeneficiaryActor.Of(User), [A, B], ct);
        }

        return true;
    }

    private static BeneficiarySketch Sketch(Beneficiary f) => new(f.Id, f.FirstName, f.LastName, f.BirthYear, f.CommuneCode);
}
