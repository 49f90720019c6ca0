using System.Globalization;
using Maillage.Data;
using Maillage.Features.Accompagnements;
using Maillage.Features.Agenda;
using Maillage.Features.Agenda.Conseillers;
using Maillage.Features.Audit;
using Maillage.Features.Lieux;
using Maillage.Pages.Activites;
using Maillage.Shared.Scoping;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Pages.Agenda;

/// <summary>
/// The advisor's public profile (« Samia B., parle arabe, aide aux démarches »): created on the first visit of an advisor;
/// Structure accounts and the coordination change those of their advisors (?conseiller=id).
/// </summary>
public sealed class ProfilModel(AppDbContext db, ScopeAccessor scopes, ActivityService activities, AuditLog audit, TimeProvider clock) : AgendaPageModel(db, scopes)
{
    public sealed class ProfileForm
    {
        public string? PublicName { get; set; }
        public string? Bio { get; set; }
        public List<string> Languages { get; set; } = [];
        public List<ActivityTheme> Themes { get; set; } = [];
        public List<int> PlaceIds { get; set; } = [];
        public uint Version { get; set; }
    }

    [BindProperty]
    public ProfileForm Form { get; set; } = new();

    public AdvisorProfile Profile { get; private set; } = null!;
    public string OrganizationName { get; private set; } = "";
    public IReadOnlyList<PlaceChoice> Places { get; private set; } = [];
    public bool IsOwn { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? conseiller, CancellationToken ct)
    {
        if (await LoadAsync(conseiller, ct) is { } refused)
        {
            return refused;
        }

        Form = new ProfileForm
        {
            PublicName = Profile.PublicName,
            Bio = Profile.Bio,
            Languages = [.. Codes.Split(Profile.Languages)],
            Themes = [.. ActivityLabels.All<ActivityTheme>().Select(t => t.Value).Where(t => Profile.Themes.HasFlag(t))],
            PlaceIds = [.. Profile.Places.Select(p => p.PlaceId)],
            Version = Profile.Version,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? conseiller, CancellationToken ct)
    {
        if (await LoadAsync(conseiller, ct) is { } refused)
        {
            return refused;
        }

        var name = (Form.PublicName ?? "").Trim();
        if (name.Length == 0)
        {
            ModelState.AddModelError("Form.PublicName", "Indiquez le nom que le public lira (par exemple un prénom et une initiale).");
        }
        else if (name.Length > 100)
        {
            ModelState.AddModelError("Form.PublicName", "Le nom public ne doit pas dépasser 100 caractères.");
        }

        var bio = string.IsNullOrWhiteSpace(Form.Bio) ? null : Form.Bio.Trim();
        if (bio is { Length: > 1000 })
        {
            ModelState.AddModelError("Form.Bio", "La présentation ne doit pas dépasser 1 000 caractères.");
        }

        if (Form.Languages.Any(l => AgendaLanguages.All.All(k => k.Code != l)))
        {
            ModelState.AddModelError("Form.Languages", "Choisissez les langues dans la liste.");
        }

        if (Form.Themes.Any(t => t == ActivityTheme.None || !Enum.IsDefined(t)))
        {
            ModelState.AddModelError("Form.Themes", "Choisissez les thématiques dans la liste.");
        }

        if (Form.PlaceIds.Any(id => Places.All(p => p.Id != id)))
        {
            ModelState.AddModelError("Form.PlaceIds", "Choisissez les lieux parmi ceux de votre structure.");
        }

        if (Form.Version != Profile.Version)
        {
            ModelState.AddModelError("", "Ce profil a été modifié entre-temps : rechargez la page pour voir la dernière version.");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        Profile.PublicName = name;
        Profile.Bio = bio;
        Profile.Languages = Codes.Join(Form.Languages.Distinct());
        Profile.Themes = Form.Themes.Aggregate(ActivityTheme.None, (all, t) => all | t);
        var wanted = Form.PlaceIds.Distinct().ToHashSet();
        Profile.Places.RemoveAll(p => !wanted.Contains(p.PlaceId));
        foreach (var id in wanted.Where(id => Profile.Places.All(p => p.PlaceId != id)))
        {
            Profile.Places.Add(new AdvisorPlace { PlaceId = id });
        }

        audit.Record(AuditActions.AdvisorProfileUpdated, "conseiller", Profile.UserId, $"Nom public « {name} », {wanted.Count.ToString(CultureInfo.InvariantCulture)} lieu(x).");
        try
        {
            await Db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            ModelState.AddModelError("", "Ce profil a été modifié entre-temps : rechargez la page pour voir la dernière version.");
            return Page();
        }

        TempData["Message"] = "Profil enregistré.";
        return IsOwn ? RedirectToPage() : RedirectToPage(new { conseiller = Profile.UserId });
    }

    private async Task<IActionResult?> LoadAsync(string? advisorId, CancellationToken ct)
    {
        var access = await AccessAsync(ct);
        if (!access.CanUseAgenda)
        {
            return Forbid();
        }

        AdvisorProfile? profile;
        if (advisorId is null || advisorId == access.UserId)
        {
            profile = await access.OwnProfileAsync(Db, clock, ct);
            if (profile is null)
            {
                // A manager without a profile of their own: the list of their advisors is on the permanences page.
                return RedirectToPage("/Agenda/Permanences/Index");
            }

            IsOwn = true;
        }
        else
        {
            profile = await access.Profiles(Db.AdvisorProfiles).Include(p => p.Places).FirstOrDefaultAsync(p => p.UserId == advisorId, ct);
            if (profile is null || !access.CanChange(profile))
            {
                return NotFound();
            }
        }

        Profile = profile;
        OrganizationName = await Db.Organizations.Where(o => o.Id == profile.OrganizationId).Select(o => o.Name).FirstAsync(ct);
        Places = await activities.PlacesOf(profile.OrganizationId).AsNoTracking().OrderBy(p => p.Name)
            .Select(p => new PlaceChoice(p.Id, p.Name, p.CommuneName)).Take(300).ToListAsync(ct);
        return null;
    }
}
