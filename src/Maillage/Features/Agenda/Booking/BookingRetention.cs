using Maillage.Data;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Agenda.Booking;

/// <summary>
/// Forgets who booked or registered once it is long over (Agenda:ContactRetentionMonths, 3 by default): the name becomes
/// « Personne anonymisée », the e-mail and the phone go, the key becomes a per-row value. Set-based and idempotent.
/// </summary>
public static class BookingRetention
{
    public const string AnonymousName = "Personne anonymisée";

    public sealed record Result(int Appointments, int Registrations);

    public static async Task<Result> EraseContactsAsync(AppDbContext db, int months, DateTimeOffset now, CancellationToken ct = default)
    {
        var before = now.ToUniversalTime().AddMonths(-Math.Max(0, months));
        var appointments = await db.Appointments
            .Where(a => a.End < before && a.ContactName != AnonymousName)
            .ExecuteUpdateAsync(s => s
                .SetProperty(a => a.ContactName, AnonymousName)
                .SetProperty(a => a.ContactEmail, (string?)null)
                .SetProperty(a => a.ContactPhone, (string?)null)
                .SetProperty(a => a.BeneficiaryId, (long?)null)
                .SetProperty(a => a.Message, (string?)null)
                .SetProperty(a => a.ContactKey, a => "anonyme:" + a.Id.ToString()), ct);
        var registrations = await db.Registrations
            .Where(r => r.Session!.End < before && r.ContactName != AnonymousName)
            .ExecuteUpdateAsync(s => s
                .SetProperty(r => r.ContactName, AnonymousName)
                .SetProperty(r => r.ContactEmail, (string?)null)
                .SetProperty(r => r.ContactPhone, (string?)null)
                .SetProperty(r => r.ContactKey, r => "anonyme:" + r.Id.ToString()), ct);
        return new Result(appointments, registrations);
    }
}
