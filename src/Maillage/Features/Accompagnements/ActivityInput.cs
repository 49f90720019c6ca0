using Maillage.Features.Territoires;

namespace Maillage.Features.Accompagnements;

/// <summary>What the form and the API send for an activity record (before the rules below accept it).</summary>
public sealed class ActivityInput
{
    public ActivityType? Type { get; set; }

    /// <summary>The organization the advisor records for (their first Conseiller grant when absent).</summary>
    public int? OrganizationId { get; set; }
    public DateOnly? Date { get; set; }
    public int? DurationMinutes { get; set; }
    public ActivityLocation? Location { get; set; }
    public int? PlaceId { get; set; }
    public string? LocationCommuneCode { get; set; }
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
    public List<string> Tags { get; set; } = [];

    /// <summary>The anonymous beneficiary of an individual record: nothing required.</summary>
    public AgeBand BeneficiaryAgeBand { get; set; }
    public Gender BeneficiaryGender { get; set; }
    public BeneficiaryStatus BeneficiaryStatus { get; set; }
    public string? BeneficiaryCommuneCode { get; set; }
    public long? BeneficiaryId { get; set; }

    /// <summary>Workshop: named participants (their files) and anonymous ones with their breakdowns.</summary>
    public List<long> ParticipantIds { get; set; } = [];
    public int AnonymousParticipants { get; set; }
    public Dictionary<AgeBand, int> AnonymousByAgeBand { get; set; } = [];
    public Dictionary<Gender, int> AnonymousByGender { get; set; } = [];
    public Dictionary<BeneficiaryStatus, int> AnonymousByStatus { get; set; } = [];
    public int AnonymousAlreadyAccompanied { get; set; }
}

/// <summary>What the rules need to know beyond the input: the day (Paris), the advisor's places, the network's known places.</summary>
public sealed record ActivityRuleContext(DateOnly Today, IReadOnlySet<int> AdvisorPlaceIds, Func<int, bool> IsKnownPlace, Func<long, bool> IsKnownBeneficiary);

/// <summary>
/// The rules of an activity record, each with a French message on its field (keyed by property name, as the pages and the
/// API's ValidationProblem show them). Pure: the caller loads what the context needs, so the same rules serve the form, the
/// API and the import.
/// </summary>
public static class ActivityRules
{
    public const int MaxTextLength = 200;
    public const int MaxNotesLength = 2000;
    public const int MaxTagLength = 50;
    public const int MaxTags = 10;

    public static Dictionary<string, string[]> Validate(ActivityInput input, ActivityRuleContext context)
    {
        var errors = new Dictionary<string, string[]>();
        void Add(string field, string message) => errors[field] = errors.TryGetValue(field, out var e) ? [.. e, message] : [message];

        if (input.Type is not { } type || !Enum.IsDefined(type))
        {
            Add(nameof(input.Type), "Choisissez le type d'activité : accompagnement individuel, atelier collectif ou demande ponctuelle.");
            return errors;
        }

        if (input.Date is not { } date)
        {
            Add(nameof(input.Date), "Indiquez la date de l'activité.");
        }
        else if (date > context.Today)
        {
            Add(nameof(input.Date), "La date ne peut pas être dans le futur.");
        }
        else if (date.Year < 2000)
        {
            Add(nameof(input.Date), "La date doit être postérieure au 1er janvier 2000.");
        }

        if (input.DurationMinutes is not { } minutes)
        {
            Add(nameof(input.DurationMinutes), "Indiquez la durée de l'activité.");
        }
        else if (minutes is < ActivityLabels.MinDurationMinutes or > ActivityLabels.MaxDurationMinutes)
        {
            Add(nameof(input.DurationMinutes), "La durée doit être comprise entre 1 minute et 8 heures.");
        }

        CheckLocation(input, context, Add);

        if (input.Themes.Count == 0)
        {
            Add(nameof(input.Themes), "Choisissez au moins une thématique.");
        }

        var procedures = input.Themes.Contains(ActivityTheme.AdministrativeProcedures);
        if (!procedures && (input.ProcedureFamilies.Count > 0 || !string.IsNullOrWhiteSpace(input.ProcedureName)))
        {
            Add(nameof(input.ProcedureFamilies), "Les démarches administratives ne se renseignent qu'avec la thématique « Aide aux démarches administratives ».");
        }

        if (input.ProcedureName is { Length: > MaxTextLength })
        {
            Add(nameof(input.ProcedureName), $"Le nom de la démarche ne doit pas dépasser {MaxTextLength} caractères.");
        }

        if (input.Autonomy is not null && type != ActivityType.Individual)
        {
            Add(nameof(input.Autonomy), "Le niveau d'autonomie ne se renseigne que pour un accompagnement individuel.");
        }

        if (input.ReferralPlaceId is { } referralPlace && !context.IsKnownPlace(referralPlace))
        {
            Add(nameof(input.ReferralPlaceId), "Ce lieu d'orientation est inconnu : choisissez un lieu du réseau, ou seulement le type de structure.");
        }

        if (input.ReferralPlaceId is not null && input.Referral is null)
        {
            Add(nameof(input.Referral), "Indiquez vers quel type de structure la personne est orientée.");
        }

        switch (type)
        {
            case ActivityType.Collective:
                CheckWorkshop(input, context, Add);
                break;
            case ActivityType.QuickRequest when input.BeneficiaryId is not null || input.ParticipantIds.Count > 0:
                Add(nameof(input.BeneficiaryId), "Une demande ponctuelle ne se rattache à aucun bénéficiaire.");
                break;
            case ActivityType.Individual when input.BeneficiaryId is { } id && !context.IsKnownBeneficiary(id):
                Add(nameof(input.BeneficiaryId), "Ce bénéficiaire est introuvable dans les fiches de votre structure.");
                break;
        }

        if (type != ActivityType.Collective && (input.WorkshopTitle is { Length: > 0 } || input.WorkshopLevel is not null))
        {
            Add(nameof(input.WorkshopTitle), "Le nom et le niveau de l'atelier ne se renseignent que pour un atelier collectif.");
        }

        if (input.BeneficiaryCommuneCode is { Length: > 0 } residence && !IsCommune(residence))
        {
            Add(nameof(input.BeneficiaryCommuneCode), "Commune de résidence inconnue : choisissez-la dans la liste.");
        }

        if (input.Notes is { Length: > MaxNotesLength })
        {
            Add(nameof(input.Notes), $"Les notes ne doivent pas dépasser {MaxNotesLength} caractères.");
        }

        var tags = input.Tags.Where(t => !string.IsNullOrWhiteSpace(t)).ToList();
        if (tags.Count > MaxTags || tags.Any(t => t.Trim().Length > MaxTagLength || t.Contains('|', StringComparison.Ordinal)))
        {
            Add(nameof(input.Tags), $"Au plus {MaxTags} étiquettes de {MaxTagLength} caractères chacune, sans le caractère « | ».");
        }

        return errors;
    }

    /// <summary>Accompaniments a valid record counts for (see <see cref="Activity.ParticipantCount"/>).</summary>
    public static int ParticipantCount(ActivityInput input) => input.Type switch
    {
        ActivityType.Individual => 1,
        ActivityType.Collective => input.ParticipantIds.Distinct().Count() + input.AnonymousParticipants,
        _ => 0,
    };

    private static void CheckLocation(ActivityInput input, ActivityRuleContext context, Action<string, string> add)
    {
        switch (input.Location)
        {
            case null:
                add(nameof(input.Location), "Indiquez où l'activité a eu lieu.");
                break;
            case ActivityLocation.Place when input.PlaceId is not { } placeId:
                add(nameof(input.PlaceId), "Choisissez le lieu d'activité.");
                break;
            case ActivityLocation.Place when !context.AdvisorPlaceIds.Contains(input.PlaceId!.Value):
                add(nameof(input.PlaceId), "Ce lieu n'est pas l'un de vos lieux d'activité.");
                break;
            case ActivityLocation.Home or ActivityLocation.OtherPlace when string.IsNullOrWhiteSpace(input.LocationCommuneCode):
                add(nameof(input.LocationCommuneCode), "Indiquez la commune où l'activité a eu lieu.");
                break;
            case ActivityLocation.Home or ActivityLocation.OtherPlace when !IsCommune(input.LocationCommuneCode!):
                add(nameof(input.LocationCommuneCode), "Commune inconnue : choisissez-la dans la liste.");
                break;
        }
    }

    private static void CheckWorkshop(ActivityInput input, ActivityRuleContext context, Action<string, string> add)
    {
        if (string.IsNullOrWhiteSpace(input.WorkshopTitle))
        {
            add(nameof(input.WorkshopTitle), "Indiquez le nom de l'atelier.");
        }
        else if (input.WorkshopTitle.Length > MaxTextLength)
        {
            add(nameof(input.WorkshopTitle), $"Le nom de l'atelier ne doit pas dépasser {MaxTextLength} caractères.");
        }

        if (input.AnonymousParticipants < 0)
        {
            add(nameof(input.AnonymousParticipants), "Le nombre de participants ne peut pas être négatif.");
            return;
        }

        if (input.ParticipantIds.Count + input.AnonymousParticipants == 0)
        {
            add(nameof(input.AnonymousParticipants), "Un atelier compte au moins un participant : indiquez leur nombre ou ajoutez des bénéficiaires.");
        }

        if (input.ParticipantIds.FirstOrDefault(id => !context.IsKnownBeneficiary(id)) is var unknown and not 0)
        {
            add(nameof(input.ParticipantIds), $"Le participant n° {unknown} est introuvable dans les fiches de votre structure.");
        }

        if (input.BeneficiaryId is not null)
        {
            add(nameof(input.BeneficiaryId), "Les participants d'un atelier s'ajoutent à la liste des participants.");
        }

        // Each breakdown says how the anonymous participants split along one dimension: it cannot count more of them.
        void Breakdown<T>(IReadOnlyDictionary<T, int> counts, string field, string what) where T : notnull
        {
            if (counts.Values.Any(c => c < 0))
            {
                add(field, $"La répartition par {what} ne peut pas contenir de nombre négatif.");
            }
            else if (counts.Values.Sum() > input.AnonymousParticipants)
            {
                add(field, $"La répartition par {what} compte {counts.Values.Sum()} personnes pour {input.AnonymousParticipants} participants anonymes.");
            }
        }

        Breakdown(input.AnonymousByAgeBand, nameof(input.AnonymousByAgeBand), "tranche d'âge");
        Breakdown(input.AnonymousByGender, nameof(input.AnonymousByGender), "genre");
        Breakdown(input.AnonymousByStatus, nameof(input.AnonymousByStatus), "statut");
        if (input.AnonymousAlreadyAccompanied < 0 || input.AnonymousAlreadyAccompanied > input.AnonymousParticipants)
        {
            add(nameof(input.AnonymousAlreadyAccompanied), "Le nombre de participants déjà accompagnés doit être compris entre 0 et le nombre de participants anonymes.");
        }
    }

    private static readonly Lazy<HashSet<string>> CommuneCodes = new(() =>
        CommuneResource.All.Where(n => n.Kind == TerritoryKind.Commune).Select(n => n.Code).ToHashSet(StringComparer.Ordinal));

    private static bool IsCommune(string code) => CommuneCodes.Value.Contains(code.Trim());
}
