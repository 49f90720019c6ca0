using System.Globalization;
using Maillage.Data;
using Maillage.Features.Accompagnements;
using Maillage.Features.Territoires;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Pages.Activites;

/// <summary>
/// What the phone form posts: the <see cref="ActivityInput"/> fields, with communes as typed text, the duration as a preset
/// or a custom number, tags as one line and the anonymous breakdowns as one number per value.
/// </summary>
public sealed class ActivityForm
{
    public const int CustomDuration = 0;

    public ActivityType? Type { get; set; }
    public int? OrganizationId { get; set; }
    public DateOnly? Date { get; set; }

    /// <summary>A preset (15 … 120) or <see cref="CustomDuration"/> to read <see cref="OtherDuration"/>.</summary>
    public int? DurationMinutes { get; set; }
    public int? OtherDuration { get; set; }
    public ActivityLocation? Location { get; set; }
    public int? PlaceId { get; set; }
    public string? LocationCommune { get; set; }
    public List<ActivityEquipment> Equipment { get; set; } = [];
    public List<ActivityTheme> Themes { get; set; } = [];
    public List<ProcedureFamily> ProcedureFamilies { get; set; } = [];
    public string? ProcedureName { get; set; }
    public Autonomy? Autonomy { get; set; }
    public ReferralTarget? Referral { get; set; }
    public int? ReferralPlaceId { get; set; }
    public string? WorkshopTitle { get; set; }
    public WorkshopLevel? WorkshopLevel { get; set; }
    public string? Notes { get; set; }
    public string? Tags { get; set; }
    public AgeBand BeneficiaryAgeBand { get; set; }
    public Gender BeneficiaryGender { get; set; }
    public BeneficiaryStatus BeneficiaryStatus { get; set; }
    public string? BeneficiaryCommune { get; set; }
    public long? BeneficiaryId { get; set; }
    public List<long> ParticipantIds { get; set; } = [];
    public int? AnonymousParticipants { get; set; }
    public Dictionary<string, int?> AgeCounts { get; set; } = [];
    public Dictionary<string, int?> GenderCounts { get; set; } = [];
    public Dictionary<string, int?> StatusCounts { get; set; } = [];
    public int? AlreadyAccompanied { get; set; }

    /// <summary>Generated when the form is shown: a double tap on « Enregistrer » creates one record.</summary>
    public string? IdempotencyKey { get; set; }
    public uint? Version { get; set; }

    /// <summary>Field names of the input → the form's field that shows the message.</summary>
    public static string FieldOf(string inputField) => inputField switch
    {
        nameof(ActivityInput.LocationCommuneCode) => nameof(LocationCommune),
        nameof(ActivityInput.BeneficiaryCommuneCode) => nameof(BeneficiaryCommune),
        nameof(ActivityInput.AnonymousByAgeBand) => nameof(AgeCounts),
        nameof(ActivityInput.AnonymousByGender) => nameof(GenderCounts),
        nameof(ActivityInput.AnonymousByStatus) => nameof(StatusCounts),
        nameof(ActivityInput.AnonymousAlreadyAccompanied) => nameof(AlreadyAccompanied),
        _ => inputField,
    };

    /// <summary>The input for the rules; typed communes that match nothing become field errors here.</summary>
    public ActivityInput ToInput(ModelStateDictionary modelState, string prefix)
    {
        var input = new ActivityInput
        {
            Type = Type,
            OrganizationId = OrganizationId,
            Date = Date,
            DurationMinutes = DurationMinutes == CustomDuration ? OtherDuration : DurationMinutes,
            Location = Location,
            PlaceId = Location == ActivityLocation.Place ? PlaceId : null,
            Equipment = Equipment,
            Themes = Themes,
            ProcedureFamilies = ProcedureFamilies,
            ProcedureName = ProcedureName,
            Autonomy = Type == ActivityType.Individual ? Autonomy : null,
            Referral = Referral,
            ReferralPlaceId = ReferralPlaceId,
            WorkshopTitle = Type == ActivityType.Collective ? WorkshopTitle : null,
            WorkshopLevel = Type == ActivityType.Collective ? WorkshopLevel : null,
            Notes = Notes,
            Tags = [.. (Tags ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)],
            BeneficiaryAgeBand = BeneficiaryAgeBand,
            BeneficiaryGender = BeneficiaryGender,
            BeneficiaryStatus = BeneficiaryStatus,
            BeneficiaryId = Type == ActivityType.Individual ? BeneficiaryId : null,
            ParticipantIds = Type == ActivityType.Collective ? ParticipantIds : [],
            AnonymousParticipants = Type == ActivityType.Collective ? AnonymousParticipants ?? 0 : 0,
            AnonymousByAgeBand = Type == ActivityType.Collective ? Counts<AgeBand>(AgeCounts) : [],
            AnonymousByGender = Type == ActivityType.Collective ? Counts<Gender>(GenderCounts) : [],
            AnonymousByStatus = Type == ActivityType.Collective ? Counts<BeneficiaryStatus>(StatusCounts) : [],
            AnonymousAlreadyAccompanied = Type == ActivityType.Collective ? AlreadyAccompanied ?? 0 : 0,
        };

        if (Location is ActivityLocation.Home or ActivityLocation.OtherPlace)
        {
            var (code, error) = CommuneLookup.Resolve(LocationCommune);
            input.LocationCommuneCode = code;
            if (error is not null)
            {
                modelState.AddModelError(prefix + nameof(LocationCommune), error);
            }
        }

        if (Type == ActivityType.Individual && BeneficiaryId is null)
        {
            var (code, error) = CommuneLookup.Resolve(BeneficiaryCommune);
            input.BeneficiaryCommuneCode = code;
            if (error is not null)
            {
                modelState.AddModelError(prefix + nameof(BeneficiaryCommune), error);
            }
        }

        return input;
    }

    public static ActivityForm From(ActivityInput input) => new()
    {
        Type = input.Type,
        OrganizationId = input.OrganizationId,
        Date = input.Date,
        DurationMinutes = input.DurationMinutes is { } d && ActivityLabels.DurationPresets.Contains(d) ? d : CustomDuration,
        OtherDuration = input.DurationMinutes is { } o && !ActivityLabels.DurationPresets.Contains(o) ? o : null,
        Location = input.Location,
        PlaceId = input.PlaceId,
        LocationCommune = CommuneLookup.Label(input.LocationCommuneCode),
        Equipment = input.Equipment,
        Themes = input.Themes,
        ProcedureFamilies = input.ProcedureFamilies,
        ProcedureName = input.ProcedureName,
        Autonomy = input.Autonomy,
        Referral = input.Referral,
        ReferralPlaceId = input.ReferralPlaceId,
        WorkshopTitle = input.WorkshopTitle,
        WorkshopLevel = input.WorkshopLevel,
        Notes = input.Notes,
        Tags = string.Join(", ", input.Tags),
        BeneficiaryAgeBand = input.BeneficiaryAgeBand,
        BeneficiaryGender = input.BeneficiaryGender,
        BeneficiaryStatus = input.BeneficiaryStatus,
        BeneficiaryCommune = CommuneLookup.Label(input.BeneficiaryCommuneCode),
        BeneficiaryId = input.BeneficiaryId,
        ParticipantIds = input.ParticipantIds,
        AnonymousParticipants = input.AnonymousParticipants == 0 ? null : input.AnonymousParticipants,
        AgeCounts = input.AnonymousByAgeBand.ToDictionary(c => c.Key.ToString(), c => (int?)c.Value),
        GenderCounts = input.AnonymousByGender.ToDictionary(c => c.Key.ToString(), c => (int?)c.Value),
        StatusCounts = input.AnonymousByStatus.ToDictionary(c => c.Key.ToString(), c => (int?)c.Value),
        AlreadyAccompanied = input.AnonymousAlreadyAccompanied == 0 ? null : input.AnonymousAlreadyAccompanied,
    };

    private static Dictionary<T, int> Counts<T>(Dictionary<string, int?> typed) where T : struct, Enum =>
        typed.Where(c => c.Value is > 0 or < 0 && Enum.TryParse<T>(c.Key, out _))
            .ToDictionary(c => Enum.Parse<T>(c.Key), c => c.Value!.Value);
}

/// <summary>A place the advisor may choose, with its commune to tell two « Médiathèque » apart.</summary>
public sealed record PlaceChoice(int Id, string Name, string Commune);

/// <summary>A named file offered as a workshop participant or shown as the person of an individual record.</summary>
public sealed record PersonChoice(long Id, string Name);

/// <summary>What the form needs beyond the fields: the advisor's places and organizations, the organization's files.</summary>
public sealed class ActivityFormView
{
    public required ActivityForm Form { get; init; }
    public required IReadOnlyList<PlaceChoice> Places { get; init; }
    public required IReadOnlyList<(int Id, string Name)> Organizations { get; init; }
    public required IReadOnlyList<PersonChoice> People { get; init; }
    public PersonChoice? Person { get; init; }
    public required DateOnly Today { get; init; }
    public required bool IsNew { get; init; }
    public string? CancelUrl { get; init; }

    public static async Task<ActivityFormView> LoadAsync(AppDbContext db, ActivityService service, Features.Accompagnements.Beneficiaires.BeneficiaryService beneficiaries, ActivityAccess access, ActivityForm form, bool isNew, int organizationId, CancellationToken ct)
    {
        var places = await service.PlacesOf(organizationId).AsNoTracking().OrderBy(p => p.Name)
            .Select(p => new PlaceChoice(p.Id, p.Name, p.CommuneName)).Take(500).ToListAsync(ct);
        var organizations = await db.Organizations.AsNoTracking().Where(o => access.RecordingOrganizationIds.Contains(o.Id)).OrderBy(o => o.Name)
            .Select(o => new { o.Id, o.Name }).ToListAsync(ct);
        var files = access.Beneficiaries(db.Beneficiaries.AsNoTracking()).Where(b => b.OrganizationId == organizationId && b.AnonymisedAt == null);

        // The workshop picker lists the advisor's own files only: a colleague's file is a read to audit, made from its page.
        var self = access.UserId ?? "";
        var people = await files.Where(b => b.CreatedById == self || form.ParticipantIds.Contains(b.Id)).OrderByDescending(b => b.LastActivityOn).ThenBy(b => b.LastName).Take(200)
            .Select(b => new PersonChoice(b.Id, b.FirstName + " " + b.LastName)).ToListAsync(ct);
        PersonChoice? person = null;
        if (form.BeneficiaryId is { } id)
        {
            person = await files.Where(b => b.Id == id).Select(b => new PersonChoice(b.Id, b.FirstName + " " + b.LastName)).FirstOrDefaultAsync(ct);
        }

        var shown = form.ParticipantIds.Append(form.BeneficiaryId ?? 0).Where(i => i != 0).ToList();
        if (shown.Count > 0)
        {
            await beneficiaries.AuditReadsAsync(access.UserId, await files.Where(b => shown.Contains(b.Id)).ToListAsync(ct), ct);
        }

        return new ActivityFormView
        {
            Form = form,
            Places = places,
            Organizations = [.. organizations.Select(o => (o.Id, o.Name))],
            People = people,
            Person = person,
            Today = service.Today,
            IsNew = isNew,
        };
    }

    public static string Minutes(int minutes) => minutes switch
    {
        < 60 => $"{minutes} min",
        _ when minutes % 60 == 0 => $"{minutes / 60} h",
        _ => $"{minutes / 60} h {(minutes % 60).ToString("00", CultureInfo.InvariantCulture)}",
    };
}

/// <summary>Shared by the new and edit pages: the caller's access, loaded once.</summary>
public abstract class ActivityPageModel(AppDbContext db, Maillage.Shared.Scoping.ScopeAccessor scopes) : PageModel
{
    protected AppDbContext Db => db;

    protected async Task<ActivityAccess> AccessAsync(CancellationToken ct) => await ActivityAccess.ForAsync(db, await scopes.GetAsync(ct), ct);

    protected void AddErrors(IReadOnlyDictionary<string, string[]> errors)
    {
        foreach (var (field, messages) in errors)
        {
            if (ModelState.TryGetValue("Form." + ActivityForm.FieldOf(field), out var entry) && entry.Errors.Count > 0)
            {
                // The form already said what is wrong with this field (a commune it could not read).
                continue;
            }

            foreach (var message in messages)
            {
                ModelState.AddModelError("Form." + ActivityForm.FieldOf(field), message);
            }
        }
    }
}
