using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;

namespace Maillage.Features.Accompagnements.Beneficiaires;

/// <summary>The consent as recorded: when, by whom (account id), and the purpose read to the person.</summary>
public sealed record BeneficiaryConsentDto(DateTimeOffset At, string ById, string Purpose);

/// <summary>One accompaniment of the person, every field of the record in plain French.</summary>
public sealed record BeneficiaryActivityDto(
    long Id, string Role, DateOnly Date, string Type, int DurationMinutes, string Location, string? Place, string? LocationCommune,
    IReadOnlyList<string> Equipment, IReadOnlyList<string> Themes, IReadOnlyList<string> ProcedureFamilies, string? ProcedureName,
    string? Autonomy, string? Referral, string? WorkshopTitle, string? WorkshopLevel, string? Notes, IReadOnlyList<string> Tags,
    int ParticipantCount, DateTimeOffset CreatedAt, DateTimeOffset ModifiedAt);

/// <summary>Everything Maillage holds about one person (RGPD right of access and portability).</summary>
public sealed record BeneficiaryExport(
    long Id, string Organization, string? FirstName, string? LastName, string? Phone, string? Email, int? BirthYear, string AgeBand,
    string? CommuneCode, string? Commune, string Gender, string Status, string? Notes, BeneficiaryConsentDto Consent,
    DateTimeOffset CreatedAt, DateTimeOffset ModifiedAt, DateOnly? LastActivityOn, DateTimeOffset ExportedAt, IReadOnlyList<BeneficiaryActivityDto> Activities)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    public static BeneficiaryExport From(Beneficiary b, string organization, IReadOnlyList<Activity> activities, DateOnly today, DateTimeOffset now) => new(
        b.Id, organization, b.FirstName, b.LastName, b.Phone, b.Email, b.BirthYear, ActivityLabels.Label(Beneficiary.AgeBandOf(b.BirthYear, today)),
        b.CommuneCode, b.CommuneCode is null ? null : BeneficiaryCommunes.Name(b.CommuneCode), ActivityLabels.Label(b.Gender), ActivityLabels.Label(b.Status), b.Notes,
        new BeneficiaryConsentDto(b.ConsentAt, b.ConsentById, b.ConsentPurpose), b.CreatedAt, b.ModifiedAt, b.LastActivityOn, now,
        [.. activities.Select(a => Activity(a, b.Id))]);

    public static BeneficiaryActivityDto Activity(Activity a, long beneficiaryId) => new(
        a.Id, a.BeneficiaryId == beneficiaryId ? "Bénéficiaire" : "Participant·e", a.Date, ActivityLabels.Label(a.Type), a.DurationMinutes,
        ActivityLabels.Label(a.Location), a.Place?.Name, a.LocationCommuneCode is null ? null : BeneficiaryCommunes.Display(a.LocationCommuneCode),
        ActivityLabels.Labels(a.Equipment), ActivityLabels.Labels(a.Themes), ActivityLabels.Labels(a.ProcedureFamilies), a.ProcedureName,
        a.Autonomy is { } autonomy ? ActivityLabels.Label(autonomy) : null, a.Referral is { } referral ? ActivityLabels.Label(referral) : null,
        a.WorkshopTitle, a.WorkshopLevel is { } level ? ActivityLabels.Label(level) : null, a.Notes, Lieux.Codes.Split(a.Tags),
        a.ParticipantCount, a.CreatedAt, a.ModifiedAt);

    public string FileName => $"beneficiaire-{Id}-donnees.json";
}
