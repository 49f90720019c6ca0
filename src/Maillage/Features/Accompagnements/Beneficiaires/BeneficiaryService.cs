using System.Globalization;
using Maillage.Data;
using Maillage.Features.Audit;
using Maillage.Features.Comptes;
using Maillage.Shared.Web;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Accompagnements.Beneficiaires;

public enum BeneficiarySaveStatus
{
    Created,
    Updated,
    Invalid,
    NotFound,

    /// <summary>Someone else changed the file since it was read (version mismatch).</summary>
    Conflict,
}

/// <summary>The outcome of a create or update: the saved file, or the French errors by field, or why nothing happened.</summary>
public sealed record BeneficiarySaveResult(Beneficiary? File, IReadOnlyDictionary<string, string[]> Errors, BeneficiarySaveStatus Status)
{
    public bool Succeeded => Status is BeneficiarySaveStatus.Created or BeneficiarySaveStatus.Updated;

    public static BeneficiarySaveResult Invalid(Dictionary<string, string[]> errors) => new(null, errors, BeneficiarySaveStatus.Invalid);

    public static BeneficiarySaveResult Of(BeneficiarySaveStatus status) => new(null, new Dictionary<string, string[]>(), status);
}

/// <summary>An organization a user holds files for, with what the form needs (its name, its département for the communes).</summary>
public sealed record BeneficiaryOrganization(int Id, string Name, string? Departement);

/// <summary>
/// Named beneficiary files: created only with recorded consent, opened only within <see cref="ActivityAccess.Beneficiaries"/>,
/// every read by someone other than the author audited, erased by anonymisation. Used by the pages and the API alike.
/// Audit details never hold personal data: the file's number only.
/// </summary>
public sealed class BeneficiaryService(AppDbContext db, AuditLog audit, TimeProvider clock, IConfiguration configuration)
{
    public const string Target = "beneficiaire";

    /// <summary>Months without activity after which a file is anonymised (Retention:BeneficiaryInactiveMonths).</summary>
    public int RetentionMonths => (configuration.GetSection("Retention").Get<RetentionOptions>() ?? new RetentionOptions()).BeneficiaryInactiveMonths;

    public DateOnly Today => DateOnly.FromDateTime(ParisTime.ToParis(clock.GetUtcNow()).DateTime);

    /// <summary>The organizations whose files the user opens, in the order of <see cref="ActivityAccess.BeneficiaryOrganizationIds"/>.</summary>
    public async Task<IReadOnlyList<BeneficiaryOrganization>> OrganizationsAsync(ActivityAccess access, CancellationToken ct = default)
    {
        var ids = access.BeneficiaryOrganizationIds;
        var rows = await db.Organizations.AsNoTracking().Where(o => ids.Contains(o.Id))
            .Select(o => new { o.Id, o.Name, Commune = o.Commune != null ? o.Commune.Code : null }).ToListAsync(ct);
        return [.. ids.Select(id => rows.FirstOrDefault(r => r.Id == id)).Where(r => r is not null)
            .Select(r => new BeneficiaryOrganization(r!.Id, r.Name, BeneficiaryCommunes.Find(r.Commune)?.Departement))];
    }

    public string PurposeFor(BeneficiaryOrganization organization) => BeneficiaryConsent.Purpose(organization.Name, RetentionMonths);

    public async Task<BeneficiarySaveResult> CreateAsync(ActivityAccess access, string actorId, BeneficiaryInput input, CancellationToken ct = default)
    {
        var organizations = await OrganizationsAsync(access, ct);
        if (organizations.Count == 0)
        {
            return BeneficiarySaveResult.Invalid(new() { [nameof(BeneficiaryInput.OrganizationId)] = ["Seuls les conseillers et les structures tiennent des fiches nominatives."] });
        }

        var organization = input.OrganizationId is { } chosen ? organizations.FirstOrDefault(o => o.Id == chosen) : organizations.Count == 1 ? organizations[0] : null;
        if (organization is null)
        {
            return BeneficiarySaveResult.Invalid(new()
            {
                [nameof(BeneficiaryInput.OrganizationId)] = [input.OrganizationId is null
                    ? "Choisissez la structure qui tient la fiche."
                    : "Vous ne tenez pas de fiches pour cette structure."],
            });
        }

        var (errors, values) = BeneficiaryRules.Validate(input, Today.Year, creating: true, organization.Departement);
        if (values is null)
        {
            return BeneficiarySaveResult.Invalid(errors);
        }

        var now = clock.GetUtcNow();
        var file = new Beneficiary
        {
            OrganizationId = organization.Id,
            ConsentAt = now,
            ConsentById = actorId,
            ConsentPurpose = PurposeFor(organization),
            CreatedById = actorId,
            CreatedAt = now,
        };
        BeneficiaryRules.Apply(values, file, now);
        db.Beneficiaries.Add(file);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        audit.Record(AuditActions.BeneficiaryCreated, Target, Id(file.Id), $"Fiche n° {Id(file.Id)} créée avec le consentement de la personne");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new BeneficiarySaveResult(file, new Dictionary<string, string[]>(), BeneficiarySaveStatus.Created);
    }

    /// <summary>A file the user may open (not anonymised), without auditing: for checks and forms that audit themselves.</summary>
    public Task<Beneficiary?> FindAsync(ActivityAccess access, long id, CancellationToken ct = default) =>
        access.Beneficiaries(db.Beneficiaries.AsNoTracking()).FirstOrDefaultAsync(b => b.Id == id && b.AnonymisedAt == null, ct);

    /// <summary>Opens a file to show its identity: audited (BeneficiaryRead) when the reader is not its author.</summary>
    public async Task<Beneficiary?> OpenAsync(ActivityAccess access, string? actorId, long id, CancellationToken ct = default)
    {
        var file = await FindAsync(access, id, ct);
        if (file is not null && file.CreatedById != actorId)
        {
            audit.Record(AuditActions.BeneficiaryRead, Target, Id(file.Id), $"Consultation de la fiche n° {Id(file.Id)}");
            await db.SaveChangesAsync(ct);
        }

        return file;
    }

    public async Task<BeneficiarySaveResult> UpdateAsync(ActivityAccess access, long id, BeneficiaryInput input, uint? expectedVersion, CancellationToken ct = default)
    {
        var file = await access.Beneficiaries(db.Beneficiaries).FirstOrDefaultAsync(b => b.Id == id && b.AnonymisedAt == null, ct);
        if (file is null)
        {
            return BeneficiarySaveResult.Of(BeneficiarySaveStatus.NotFound);
        }

        if (expectedVersion is { } version && version != file.Version)
        {
            return BeneficiarySaveResult.Of(BeneficiarySaveStatus.Conflict);
        }

        var departement = await DepartementOfAsync(file.OrganizationId, ct);
        var (errors, values) = BeneficiaryRules.Validate(input, Today.Year, creating: false, departement);
        if (values is null)
        {
            return BeneficiarySaveResult.Invalid(errors);
        }

        BeneficiaryRules.Apply(values, file, clock.GetUtcNow());
        audit.Record(AuditActions.BeneficiaryUpdated, Target, Id(file.Id), $"Fiche n° {Id(file.Id)} modifiée");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return BeneficiarySaveResult.Of(BeneficiarySaveStatus.Conflict);
        }

        return new BeneficiarySaveResult(file, new Dictionary<string, string[]>(), BeneficiarySaveStatus.Updated);
    }

    /// <summary>Erasure on request: identity dropped, statistics kept, activities still counted. False when absent or out of scope.</summary>
    public async Task<bool> EraseAsync(ActivityAccess access, long id, CancellationToken ct = default)
    {
        var file = await access.Beneficiaries(db.Beneficiaries).FirstOrDefaultAsync(b => b.Id == id && b.AnonymisedAt == null, ct);
        if (file is null)
        {
            return false;
        }

        Anonymise(file, clock.GetUtcNow());
        audit.Record(AuditActions.BeneficiaryErased, Target, Id(file.Id), $"Fiche n° {Id(file.Id)} effacée à la demande de la personne (statistiques conservées)");
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>Drops every identity field; keeps gender, status, commune and birth year (the age band stays right).</summary>
    public static void Anonymise(Beneficiary file, DateTimeOffset now, string? note = null)
    {
        file.FirstName = null;
        file.LastName = null;
        file.SearchName = null;
        file.Phone = null;
        file.Email = null;
        file.Notes = note;
        file.AnonymisedAt = now;
        file.ModifiedAt = now;
    }

    /// <summary>Everything about the person, for the RGPD export (JSON and printable page); audited BeneficiaryExported.</summary>
    public async Task<BeneficiaryExport?> ExportAsync(ActivityAccess access, string? actorId, long id, CancellationToken ct = default)
    {
        var file = await FindAsync(access, id, ct);
        if (file is null)
        {
            return null;
        }

        var organization = await db.Organizations.AsNoTracking().Where(o => o.Id == file.OrganizationId).Select(o => o.Name).FirstAsync(ct);
        var activities = await History(file.Id).Include(a => a.Place).OrderBy(a => a.Date).ThenBy(a => a.Id).ToListAsync(ct);
        // An export is a read too: someone else than the author leaves both entries.
        if (file.CreatedById != actorId)
        {
            audit.Record(AuditActions.BeneficiaryRead, Target, Id(file.Id), $"Consultation de la fiche n° {Id(file.Id)}");
        }

        audit.Record(AuditActions.BeneficiaryExported, Target, Id(file.Id), $"Export des données de la fiche n° {Id(file.Id)} ({activities.Count} activité(s))");
        await db.SaveChangesAsync(ct);
        return BeneficiaryExport.From(file, organization, activities, Today, clock.GetUtcNow());
    }

    /// <summary>The file's accompaniments, not deleted: individual records of the person and workshops they took part in.</summary>
    public IQueryable<Activity> History(long id) =>
        db.Activities.AsNoTracking().Where(a => a.DeletedAt == null && (a.BeneficiaryId == id || a.Participants.Any(p => p.BeneficiaryId == id)));

    /// <summary>
    /// Merges two files of one organization into <paramref name="keptId"/>: activities and workshop participations move to it
    /// (no participant twice in a workshop), its empty fields take the other's values, the other is anonymised with a note
    /// naming the kept file. One transaction; both versions checked.
    /// </summary>
    public async Task<BeneficiaryMergeOutcome> MergeAsync(ActivityAccess access, long keptId, uint keptVersion, long otherId, uint otherVersion, CancellationToken ct = default)
    {
        if (keptId == otherId)
        {
            return BeneficiaryMergeOutcome.NotFound;
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var files = await access.Beneficiaries(db.Beneficiaries).Where(b => (b.Id == keptId || b.Id == otherId) && b.AnonymisedAt == null).ToListAsync(ct);
        var kept = files.FirstOrDefault(f => f.Id == keptId);
        var other = files.FirstOrDefault(f => f.Id == otherId);
        if (kept is null || other is null || kept.OrganizationId != other.OrganizationId)
        {
            return BeneficiaryMergeOutcome.NotFound;
        }

        if (kept.Version != keptVersion || other.Version != otherVersion)
        {
            return BeneficiaryMergeOutcome.Conflict;
        }

        var moved = await db.Activities.Where(a => a.BeneficiaryId == otherId)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.BeneficiaryId, keptId).SetProperty(a => a.Version, a => a.Version + 1), ct);

        // A workshop where both files took part keeps one participant row: the kept file's.
        var both = await db.ActivityParticipants.Where(p => p.BeneficiaryId == otherId && db.ActivityParticipants.Any(k => k.ActivityId == p.ActivityId && k.BeneficiaryId == keptId))
            .ExecuteDeleteAsync(ct);
        var participations = await db.ActivityParticipants.Where(p => p.BeneficiaryId == otherId).ExecuteUpdateAsync(s => s.SetProperty(p => p.BeneficiaryId, keptId), ct);

        kept.Phone ??= other.Phone;
        kept.Email ??= other.Email;
        kept.BirthYear ??= other.BirthYear;
        kept.CommuneCode ??= other.CommuneCode;
        kept.Gender = kept.Gender == Gender.Unknown ? other.Gender : kept.Gender;
        kept.Status = kept.Status == BeneficiaryStatus.Unknown ? other.Status : kept.Status;
        if (other.LastActivityOn is { } last && (kept.LastActivityOn is null || kept.LastActivityOn < last))
        {
            kept.LastActivityOn = last;
        }

        var now = clock.GetUtcNow();
        kept.ModifiedAt = now;
        Anonymise(other, now, $"Fiche fusionnée dans la fiche n° {Id(kept.Id)}.");
        audit.Record(AuditActions.BeneficiariesMerged, Target, Id(kept.Id),
            $"Fiche n° {Id(other.Id)} fusionnée dans la fiche n° {Id(kept.Id)} : {moved} accompagnement(s) et {participations + both} participation(s) à un atelier déplacés");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return BeneficiaryMergeOutcome.Conflict;
        }

        await tx.CommitAsync(ct);
        return BeneficiaryMergeOutcome.Merged;
    }

    /// <summary>Probable duplicates among the files of the user's organizations (never across two organizations).</summary>
    public async Task<List<BeneficiaryMatch>> DuplicatesAsync(ActivityAccess access, CancellationToken ct = default)
    {
        var rows = await access.Beneficiaries(db.Beneficiaries.AsNoTracking()).Where(b => b.AnonymisedAt == null)
            .Select(b => new { b.OrganizationId, Sketch = new BeneficiarySketch(b.Id, b.FirstName, b.LastName, b.BirthYear, b.CommuneCode) })
            .ToListAsync(ct);
        return [.. rows.GroupBy(r => r.OrganizationId).SelectMany(g => BeneficiaryDuplicates.FindAll([.. g.Select(r => r.Sketch)]))
            .OrderByDescending(m => m.Score).ThenBy(m => m.FirstId).ThenBy(m => m.SecondId)];
    }

    /// <summary>Writes one BeneficiaryRead entry per file shown, unless the reader is its author.</summary>
    public async Task AuditReadsAsync(string? actorId, IEnumerable<Beneficiary> files, CancellationToken ct = default)
    {
        var any = false;
        foreach (var file in files.Where(f => f.CreatedById != actorId))
        {
            audit.Record(AuditActions.BeneficiaryRead, Target, Id(file.Id), $"Consultation de la fiche n° {Id(file.Id)}");
            any = true;
        }

        if (any)
        {
            await db.SaveChangesAsync(ct);
        }
    }

    private async Task<string?> DepartementOfAsync(int organizationId, CancellationToken ct)
    {
        var commune = await db.Organizations.AsNoTracking().Where(o => o.Id == organizationId).Select(o => o.Commune != null ? o.Commune.Code : null).FirstOrDefaultAsync(ct);
        return BeneficiaryCommunes.Find(commune)?.Departement;
    }

    public static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}

public enum BeneficiaryMergeOutcome
{
    Merged,
    NotFound,
    Conflict,
}
