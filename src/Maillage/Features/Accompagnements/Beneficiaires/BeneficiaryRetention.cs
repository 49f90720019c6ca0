using System.Globalization;
using Maillage.Data;
using Maillage.Features.Audit;
using Maillage.Features.Comptes;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Accompagnements.Beneficiaires;

/// <summary>
/// Anonymises the named files with no activity for <see cref="RetentionOptions.BeneficiaryInactiveMonths"/> (the last
/// activity's day, or the creation when there is none). One set-based UPDATE whose WHERE skips files already anonymised:
/// run twice, or on two instances at once, each file is anonymised once (PostgreSQL re-checks the WHERE of a row another
/// transaction just changed; SQLite serialises writers), and the counts of all runs add up to the files anonymised.
/// </summary>
public static class BeneficiaryRetention
{
    public static async Task<int> AnonymiseDormantAsync(AppDbContext db, int months, DateTimeOffset now, CancellationToken ct = default)
    {
        var before = now.AddMonths(-months);
        var beforeDay = DateOnly.FromDateTime(before.UtcDateTime);

        // The UPDATE and its audit entry commit together: the journal's counts are exactly what was anonymised.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var count = await db.Beneficiaries
            .Where(b => b.AnonymisedAt == null && (b.LastActivityOn != null ? b.LastActivityOn < beforeDay : b.CreatedAt < before))
            .ExecuteUpdateAsync(s => s
                .SetProperty(b => b.FirstName, (string?)null)
                .SetProperty(b => b.LastName, (string?)null)
                .SetProperty(b => b.SearchName, (string?)null)
                .SetProperty(b => b.Phone, (string?)null)
                .SetProperty(b => b.Email, (string?)null)
                .SetProperty(b => b.Notes, (string?)null)
                .SetProperty(b => b.AnonymisedAt, now)
                .SetProperty(b => b.ModifiedAt, now)
                .SetProperty(b => b.Version, b => b.Version + 1), ct);
        if (count > 0)
        {
            db.AuditEntries.Add(new AuditEntry
            {
                At = now,
                ActorId = AuditLog.SystemActor,
                ActorName = AuditLog.SystemActor,
                Action = AuditActions.BeneficiariesAnonymised,
                TargetType = "beneficiaires",
                TargetId = count.ToString(CultureInfo.InvariantCulture),
                Details = $"{count} fiche(s) sans accompagnement depuis {months} mois anonymisée(s) automatiquement (statistiques conservées)",
            });
            await db.SaveChangesAsync(ct);
        }

        await tx.CommitAsync(ct);
        return count;
    }
}
