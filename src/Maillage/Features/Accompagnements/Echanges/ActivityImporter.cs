using System.Globalization;
using Maillage.Data;
using Maillage.Features.Audit;
using Maillage.Features.Comptes;
using Maillage.Shared.Text;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Accompagnements.Echanges;

/// <summary>What an import did (or would do): counts, the lines already imported, and every problem line by line.</summary>
public sealed class ActivityImportReport
{
    public bool DryRun { get; init; }

    /// <summary>True when the records were written (never with a single error: all or nothing).</summary>
    public bool Saved { get; set; }

    /// <summary>Data lines read (header excluded).</summary>
    public int Read { get; set; }

    /// <summary>Records created (or that the import would create, in a dry run).</summary>
    public int New { get; set; }

    /// <summary>Lines whose ID was already imported for this advisor: skipped, never duplicated.</summary>
    public List<(int Line, string Id)> AlreadyImported { get; } = [];

    public List<ActivityLineError> Errors { get; } = [];

    public bool Refused => Errors.Count > 0;
}

/// <summary>Someone an import may attribute records to.</summary>
public sealed record ImportAdvisor(string Id, string Name);

/// <summary>An organization an import may record for.</summary>
public sealed record ImportOrganization(int Id, string Name);

/// <summary>
/// Imports a file in the « Activités » format for one organization and one advisor, all or nothing: every line is read and
/// checked by <see cref="ActivityRules"/> (places of the organization preloaded, not queried per line); any error and nothing
/// is saved, with a French report line by line. Valid files are inserted in one transaction, in batches. A line's ID becomes the
/// record's idempotency key (« import:ID »), so a second import of the same file creates nothing.
/// </summary>
public sealed class ActivityImporter(AppDbContext db, AuditLog audit, TimeProvider clock, ActivityService activities)
{
    public const string KeyPrefix = "import:";
    public const int MaxIdLength = ActivityService.MaxIdempotencyKeyLength - 7;
    public const int MaxRows = 100_000;
    private const int SaveBatch = 1000;
    private const int KeyLookupBatch = 500;

    /// <summary>True when the user manages the organization's records (Structure, coordinator of its territory, administrator).</summary>
    public static bool Manages(ActivityAccess access, int organizationId) =>
        access.ManagedOrganizationIds is null || access.ManagedOrganizationIds.Contains(organizationId);

    /// <summary>Organizations the user may import for: those they record for or manage.</summary>
    public async Task<IReadOnlyList<ImportOrganization>> OrganizationsAsync(ActivityAccess access, CancellationToken ct = default)
    {
        var query = db.Organizations.AsNoTracking();
        if (access.ManagedOrganizationIds is { } managed)
        {
            var ids = managed.Union(access.RecordingOrganizationIds).ToList();
            query = query.Where(o => ids.Contains(o.Id));
        }

        var list = await query.Select(o => new ImportOrganization(o.Id, o.Name)).ToListAsync(ct);
        return [.. list.OrderBy(o => o.Name, StringComparer.Create(CultureInfo.GetCultureInfo("fr-FR"), ignoreCase: true))];
    }

    /// <summary>
    /// Advisors the records may be attributed to: the user themself when they record for the organization, and, when they
    /// manage it, every account with a Conseiller grant on it.
    /// </summary>
    public async Task<IReadOnlyList<ImportAdvisor>> AdvisorsAsync(ActivityAccess access, int organizationId, CancellationToken ct = default)
    {
        if (Manages(access, organizationId))
        {
            var list = await db.Grants.AsNoTracking().Where(g => g.Role == Role.Conseiller && g.OrganizationId == organizationId)
                .Select(g => new ImportAdvisor(g.UserId, g.User!.DisplayName)).Distinct().ToListAsync(ct);
            return [.. list.DistinctBy(a => a.Id).OrderBy(a => a.Name, StringComparer.Create(CultureInfo.GetCultureInfo("fr-FR"), ignoreCase: true))];
        }

        if (access.RecordingOrganizationIds.Contains(organizationId) && access.UserId is { } self)
        {
            var name = await db.Users.AsNoTracking().Where(u => u.Id == self).Select(u => u.DisplayName).FirstOrDefaultAsync(ct);
            return [new ImportAdvisor(self, name ?? self)];
        }

        return [];
    }

    /// <summary>Every organization the user may import for, with its advisors (<see cref="AdvisorsAsync"/>), in two queries.</summary>
    public async Task<IReadOnlyList<(ImportOrganization Organization, IReadOnlyList<ImportAdvisor> Advisors)>> TargetsAsync(ActivityAccess access, CancellationToken ct = default)
    {
        var organizations = await OrganizationsAsync(access, ct);
        var managedIds = organizations.Where(o => Manages(access, o.Id)).Select(o => o.Id).ToList();
        var grants = managedIds.Count == 0 ? [] : await db.Grants.AsNoTracking()
            .Where(g => g.Role == Role.Conseiller && g.OrganizationId != null && managedIds.Contains(g.OrganizationId.Value))
            .Select(g => new { OrganizationId = g.OrganizationId!.Value, g.UserId, g.User!.DisplayName }).ToListAsync(ct);
        var selfName = access.UserId is { } self ? await db.Users.AsNoTracking().Where(u => u.Id == self).Select(u => u.DisplayName).FirstOrDefaultAsync(ct) : null;
        var french = StringComparer.Create(CultureInfo.GetCultureInfo("fr-FR"), ignoreCase: true);

        var result = new List<(ImportOrganization, IReadOnlyList<ImportAdvisor>)>();
        foreach (var organization in organizations)
        {
            List<ImportAdvisor> advisors = Manages(access, organization.Id)
                ? [.. grants.Where(g => g.OrganizationId == organization.Id).DistinctBy(g => g.UserId).Select(g => new ImportAdvisor(g.UserId, g.DisplayName)).OrderBy(a => a.Name, french)]
                : access.RecordingOrganizationIds.Contains(organization.Id) && access.UserId is { } id ? [new ImportAdvisor(id, selfName ?? id)] : [];
            if (advisors.Count > 0)
            {
                result.Add((organization, advisors));
            }
        }

        return result;
    }

    public async Task<ActivityImportReport> ImportAsync(ActivityAccess access, Stream file, string fileName, int organizationId, string advisorId, bool dryRun, CancellationToken ct = default)
    {
        var report = new ActivityImportReport { DryRun = dryRun };
        if (!(await AdvisorsAsync(access, organizationId, ct)).Any(a => a.Id == advisorId))
        {
            report.Errors.Add(new ActivityLineError(0, null, "Vous ne pouvez pas importer d'activités pour cette structure ou ce conseiller."));
            return report;
        }

        var content = ActivityFileReader.Read(file, fileName);
        report.Errors.AddRange(content.Errors);
        report.Read = content.Rows.Count;
        if (content.Rows.Count > MaxRows)
        {
            report.Errors.Add(new ActivityLineError(0, null, $"Le fichier compte {content.Rows.Count} lignes : la limite est de {MaxRows} par import. Découpez-le par période."));
            return report;
        }

        if (content.Rows.Count == 0 && report.Errors.Count == 0)
        {
            report.Errors.Add(new ActivityLineError(0, null, "Le fichier ne contient aucune activité sous sa ligne d'en-tête."));
            return report;
        }

        // The organization's places, once: a line names its place by commune code and name (accents and case ignored).
        var places = await activities.PlacesOf(organizationId).AsNoTracking().Select(p => new { p.Id, p.Name, p.InseeCode }).ToListAsync(ct);
        var placeByKey = places.OrderBy(p => p.Id).GroupBy(p => PlaceKey(p.InseeCode, p.Name)).ToDictionary(g => g.Key, g => g.First().Id, StringComparer.Ordinal);
        var context = new ActivityRuleContext(activities.Today, places.Select(p => p.Id).ToHashSet(), _ => false, _ => false);

        var valid = new List<ActivityImportLine>();
        var idLines = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (line, values) in content.Rows)
        {
            var errors = new List<ActivityLineError>();
            var parsed = ActivityExchangeFormat.Parse(line, values, errors);
            if (parsed is not null)
            {
                var input = parsed.Input;
                input.OrganizationId = organizationId;
                if (input.Location == ActivityLocation.Place)
                {
                    if (placeByKey.TryGetValue(PlaceKey(parsed.PlaceInseeCode, parsed.PlaceName), out var placeId))
                    {
                        input.PlaceId = placeId;
                    }
                    else
                    {
                        errors.Add(new ActivityLineError(line, ActivityExchangeFormat.PlaceName,
                            $"Lieu « {parsed.PlaceName} » (code INSEE {parsed.PlaceInseeCode}) introuvable parmi les lieux de la structure : vérifiez son nom et sa commune, ou ajoutez-le au réseau."));
                    }
                }

                if (errors.Count == 0)
                {
                    foreach (var (field, messages) in ActivityRules.Validate(input, context))
                    {
                        errors.AddRange(messages.Select(m => new ActivityLineError(line, ActivityExchangeFormat.ColumnOf(field), m)));
                    }
                }

                if (parsed.Id is { } id)
                {
                    if (idLines.TryGetValue(id, out var first))
                    {
                        errors.Add(new ActivityLineError(line, ActivityExchangeFormat.Id, $"L'ID « {id} » figure déjà ligne {first} : chaque activité a son propre ID."));
                    }
                    else
                    {
                        idLines[id] = line;
                    }
                }

                if (errors.Count == 0)
                {
                    valid.Add(parsed);
                }
            }

            report.Errors.AddRange(errors);
        }

        // IDs already imported for this advisor (deleted records included: their key still holds).
        var keys = valid.Where(v => v.Id is not null).Select(v => KeyPrefix + v.Id).ToList();
        var existing = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in keys.Chunk(KeyLookupBatch))
        {
            var found = await db.Activities.AsNoTracking().Where(a => a.AdvisorId == advisorId && a.IdempotencyKey != null && chunk.Contains(a.IdempotencyKey))
                .Select(a => a.IdempotencyKey!).ToListAsync(ct);
            existing.UnionWith(found);
        }

        var toCreate = new List<ActivityImportLine>();
        foreach (var line in valid)
        {
            if (line.Id is { } id && existing.Contains(KeyPrefix + id))
            {
                report.AlreadyImported.Add((line.Line, id));
            }
            else
            {
                toCreate.Add(line);
            }
        }

        report.New = toCreate.Count;
        if (report.Refused || dryRun)
        {
            return report;
        }

        await SaveAsync(toCreate, organizationId, advisorId, access.UserId, report, ct);
        return report;
    }

    private async Task SaveAsync(List<ActivityImportLine> lines, int organizationId, string advisorId, string? actorId, ActivityImportReport report, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var autoDetect = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            foreach (var batch in lines.Chunk(SaveBatch))
            {
                foreach (var line in batch)
                {
                    var activity = new Activity
                    {
                        AdvisorId = advisorId,
                        OrganizationId = organizationId,
                        CreatedAt = now,
                        IdempotencyKey = line.Id is null ? null : KeyPrefix + line.Id,
                    };
                    ActivityService.Apply(line.Input, activity, now);
                    db.Activities.Add(activity);
                }

                await db.SaveChangesAsync(ct);
                db.ChangeTracker.Clear();
            }

            // Counts only: the audit trail never holds the file's content.
            audit.Record(AuditActions.ActivitiesImported, "structure", organizationId.ToString(CultureInfo.InvariantCulture),
                $"{lines.Count} activité(s) importée(s) pour le conseiller {advisorId}, {report.AlreadyImported.Count} déjà importée(s), {report.Read} ligne(s) lue(s)", actorId: actorId);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            report.Saved = true;
        }
        catch (DbUpdateException)
        {
            // Another import of the same IDs for this advisor won the race: nothing of this one stays.
            await transaction.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            report.New = 0;
            report.Errors.Add(new ActivityLineError(0, null, "Un autre import des mêmes activités a eu lieu en même temps : rien n'a été enregistré. Relancez l'import pour voir ce qu'il reste à importer."));
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = autoDetect;
        }
    }

    private static string PlaceKey(string? insee, string? name) => (insee ?? "").Trim() + "|" + TextFold.Fold(name);
}
