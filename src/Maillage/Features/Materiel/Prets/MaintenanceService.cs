using System.Globalization;
using Maillage.Data;
using Maillage.Features.Audit;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Materiel;

/// <summary>
/// Maintenance tickets and recurring plans. An item with an open ticket is « en maintenance » and cannot be booked; closing
/// its last ticket puts it back in service. Plans open tickets every N months (the daily job) or after each loan (check-in).
/// </summary>
public sealed class MaintenanceService(AppDbContext db, AuditLog audit, TimeProvider clock)
{
    public DateOnly Today => DateOnly.FromDateTime(Shared.Web.ParisTime.ToParis(clock.GetUtcNow()).DateTime);

    /// <summary>Adds a ticket to the pending changes and takes the (tracked) item out of service; the caller saves.</summary>
    public MaintenanceTicket Open(Item item, string reason, string? details, int? planId, int? reservationId, string? userId, string? actorName, DateTimeOffset now)
    {
        var ticket = new MaintenanceTicket
        {
            ItemId = item.Id,
            Reason = reason.Length > 200 ? reason[..200] : reason,
            Details = details,
            PlanId = planId,
            ReservationId = reservationId,
            OpenedAt = now,
            OpenedByName = actorName,
        };
        db.MaintenanceTickets.Add(ticket);
        if (item.Status is ItemStatus.Available or ItemStatus.Reserved)
        {
            item.Status = ItemStatus.InMaintenance;
            item.ModifiedAt = now;
        }

        db.ItemEvents.Add(new ItemEvent { ItemId = item.Id, Kind = ItemEventKind.MaintenanceOpened, Text = $"Maintenance ouverte : {ticket.Reason}.", ActorId = userId, ActorName = actorName, At = now });
        return ticket;
    }

    public async Task<FleetResult<MaintenanceTicket>> OpenAsync(FleetAccess access, int itemId, string? reason, string? details, string? userId, string? actorName, CancellationToken ct = default)
    {
        var item = await access.Items(db.Items).FirstOrDefaultAsync(i => i.Id == itemId, ct);
        var errors = new Dictionary<string, string[]>();
        if (item is null)
        {
            return new(null, new Dictionary<string, string[]> { [""] = ["Cet objet n'existe pas dans votre parc."] });
        }

        reason = Clean(reason);
        details = Clean(details);
        if (reason is null)
        {
            errors["Reason"] = ["Dites ce qu'il faut faire ou réparer."];
        }
        else if (reason.Length > 200)
        {
            errors["Reason"] = ["Le motif ne doit pas dépasser 200 caractères."];
        }

        if (details is { Length: > 2000 })
        {
            errors["Details"] = ["Le détail ne doit pas dépasser 2 000 caractères."];
        }

        if (item.Status is ItemStatus.Retired or ItemStatus.Donated)
        {
            errors[""] = [$"{item.AssetTag} est {FleetText.Status(item.Status).ToLowerInvariant()} : il n'a plus de maintenance."];
        }

        if (errors.Count > 0)
        {
            return new(null, errors);
        }

        var ticket = Open(item, reason!, details, null, null, userId, actorName, clock.GetUtcNow());
        audit.Record(AuditActions.MaintenanceChanged, "materiel", itemId.ToString(CultureInfo.InvariantCulture), $"{item.AssetTag} : maintenance ouverte ({reason})");
        await db.SaveChangesAsync(ct);
        return new(ticket, errors);
    }

    public async Task<string?> CloseAsync(FleetAccess access, int ticketId, string? resolution, string? userId, string? actorName, CancellationToken ct = default)
    {
        var ticket = await db.MaintenanceTickets.Include(t => t.Item).FirstOrDefaultAsync(t => t.Id == ticketId, ct);
        if (ticket?.Item is null || !access.CanSee(ticket.Item))
        {
            return "Ce ticket de maintenance n'existe pas.";
        }

        if (ticket.Status == MaintenanceStatus.Closed)
        {
            return "Ce ticket est déjà clos.";
        }

        resolution = Clean(resolution);
        if (resolution is { Length: > 1000 })
        {
            return "Le compte rendu ne doit pas dépasser 1 000 caractères.";
        }

        var now = clock.GetUtcNow();
        ticket.Status = MaintenanceStatus.Closed;
        ticket.ClosedAt = now;
        ticket.ClosedByName = actorName;
        ticket.Resolution = resolution;
        var othersOpen = await db.MaintenanceTickets.AnyAsync(t => t.ItemId == ticket.ItemId && t.Id != ticket.Id && t.Status == MaintenanceStatus.Open, ct);
        var item = ticket.Item;
        if (!othersOpen && item.Status == ItemStatus.InMaintenance)
        {
            item.Status = ItemStatus.Available;
            item.ModifiedAt = now;
        }

        db.ItemEvents.Add(new ItemEvent
        {
            ItemId = item.Id,
            Kind = ItemEventKind.MaintenanceClosed,
            Text = $"Maintenance close : {ticket.Reason}{(resolution is null ? "" : $" — {resolution}")}.{(othersOpen ? " D'autres tickets restent ouverts." : "")}",
            ActorId = userId,
            ActorName = actorName,
            At = now,
        });
        audit.Record(AuditActions.MaintenanceChanged, "materiel", item.Id.ToString(CultureInfo.InvariantCulture), $"{item.AssetTag} : maintenance close ({ticket.Reason})");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return "Cet objet vient d'être modifié par quelqu'un d'autre : rechargez la page.";
        }

        return null;
    }

    public async Task<FleetResult<MaintenancePlan>> CreatePlanAsync(FleetAccess access, int? organizationId, int? categoryId, string? name, string? instructions, int? everyMonths, bool afterEachLoan, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string[]>();
        name = Clean(name);
        instructions = Clean(instructions);
        if (name is null || name.Length > 120)
        {
            errors["Name"] = ["Donnez un nom à la tâche (120 caractères au plus), par exemple « Réinitialiser les tablettes »."];
        }

        if (instructions is { Length: > 1000 })
        {
            errors["Instructions"] = ["Les consignes ne doivent pas dépasser 1 000 caractères."];
        }

        if (categoryId is null || !await db.ItemCategories.AnyAsync(c => c.Id == categoryId && c.IsActive, ct))
        {
            errors["CategoryId"] = ["Choisissez la catégorie d'objets concernée."];
        }

        if (organizationId is null || (access.OrganizationIds is { } ids && !ids.Contains(organizationId.Value)))
        {
            errors["OrganizationId"] = ["Choisissez le propriétaire des objets concernés."];
        }

        if (everyMonths is not null && everyMonths is < 1 or > 60)
        {
            errors["EveryMonths"] = ["La périodicité va de 1 à 60 mois."];
        }

        if (everyMonths is null && !afterEachLoan)
        {
            errors["EveryMonths"] = ["Choisissez quand faire la tâche : tous les N mois, après chaque prêt, ou les deux."];
        }

        if (errors.Count > 0)
        {
            return new(null, errors);
        }

        var now = clock.GetUtcNow();
        var plan = new MaintenancePlan
        {
            OrganizationId = organizationId!.Value,
            CategoryId = categoryId!.Value,
            Name = name!,
            Instructions = instructions,
            EveryMonths = everyMonths,
            AfterEachLoan = afterEachLoan,
            StartsOn = Today,
            CreatedAt = now,
        };
        db.MaintenancePlans.Add(plan);
        audit.Record(AuditActions.MaintenanceChanged, "plan", null, $"Plan « {plan.Name} » créé");
        await db.SaveChangesAsync(ct);
        return new(plan, errors);
    }

    public async Task<bool> ArchivePlanAsync(FleetAccess access, int planId, CancellationToken ct = default)
    {
        var plan = await db.MaintenancePlans.FirstOrDefaultAsync(p => p.Id == planId && p.IsActive, ct);
        if (plan is null || (access.OrganizationIds is { } ids && !ids.Contains(plan.OrganizationId)))
        {
            return false;
        }

        plan.IsActive = false;
        audit.Record(AuditActions.MaintenanceChanged, "plan", planId.ToString(CultureInfo.InvariantCulture), $"Plan « {plan.Name} » arrêté");
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>
    /// Opens the periodic tickets that are due: for each active plan « every N months », each item of its category and owner
    /// whose last ticket of the plan (or the plan's start) is N months old, with none open. Safe to run twice a day: an
    /// item with an open ticket of the plan is skipped, and a ticket opened today makes the next one due in N months.
    /// </summary>
    public async Task<int> RunPlansAsync(CancellationToken ct = default)
    {
        var today = Today;
        var now = clock.GetUtcNow();
        var opened = 0;
        var plans = await db.MaintenancePlans.AsNoTracking().Where(p => p.IsActive && p.EveryMonths != null).ToListAsync(ct);
        foreach (var plan in plans)
        {
            var items = await db.Items.AsNoTracking()
                .Where(i => i.CategoryId == plan.CategoryId && i.OrganizationId == plan.OrganizationId && i.Status != ItemStatus.Retired && i.Status != ItemStatus.Donated && i.Status != ItemStatus.OutOfService)
                .Select(i => new
                {
                    i.Id,
                    Open = db.MaintenanceTickets.Any(t => t.ItemId == i.Id && t.PlanId == plan.Id && t.Status == MaintenanceStatus.Open),
                    Last = db.MaintenanceTickets.Where(t => t.ItemId == i.Id && t.PlanId == plan.Id).Max(t => (DateTimeOffset?)t.OpenedAt),
                })
                .ToListAsync(ct);
            var due = items.Where(i => !i.Open && (i.Last is { } last
                ? DateOnly.FromDateTime(Shared.Web.ParisTime.ToParis(last).DateTime).AddMonths(plan.EveryMonths!.Value) <= today
                : plan.StartsOn.AddMonths(plan.EveryMonths!.Value) <= today)).Select(i => i.Id).ToList();
            foreach (var chunk in due.Chunk(200))
            {
                var tracked = await db.Items.Where(i => chunk.Contains(i.Id)).ToListAsync(ct);
                foreach (var item in tracked)
                {
                    Open(item, plan.Name, plan.Instructions, plan.Id, null, null, "Plan de maintenance", now);
                    opened++;
                }

                await db.SaveChangesAsync(ct);
                db.ChangeTracker.Clear();
            }
        }

        return opened;
    }

    private static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
