using System.Globalization;
using Maillage.Data;
using Maillage.Features.Audit;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Materiel;

public enum FleetOutcome
{
    Saved,
    Invalid,
    NotFound,
    Conflict,
}

public sealed record FleetResult(FleetOutcome Outcome, Item? Item, IReadOnlyDictionary<string, string[]> Errors)
{
    public static FleetResult Invalid(IReadOnlyDictionary<string, string[]> errors) => new(FleetOutcome.Invalid, null, errors);

    public static FleetResult Invalid(string key, string message) => Invalid(new Dictionary<string, string[]> { [key] = [message] });

    public static readonly FleetResult NotFound = new(FleetOutcome.NotFound, null, new Dictionary<string, string[]>());
}

/// <summary>
/// Adds and changes the fleet's items, and their status by hand (maintenance, out of service, retired, back in service): every
/// check in French keyed by field, optimistic concurrency on edits, one line of history per change and the journal.
/// </summary>
public sealed class FleetService(AppDbContext db, AuditLog audit, TimeProvider clock)
{
    /// <summary>The name the history shows: the account's display name, or the API client's name.</summary>
    public async Task<string?> ActorNameAsync(System.Security.Claims.ClaimsPrincipal user, CancellationToken ct = default)
    {
        if (user.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value is { } id)
        {
            return await db.Users.Where(u => u.Id == id).Select(u => u.DisplayName ?? u.Email).FirstOrDefaultAsync(ct);
        }

        return user.Identity?.Name;
    }

    public DateOnly Today => DateOnly.FromDateTime(Shared.Web.ParisTime.ToParis(clock.GetUtcNow()).DateTime);

    /// <summary>The statuses one may set by hand from <paramref name="from"/>; reserved and lent come from reservations and loans.</summary>
    public static IReadOnlyList<ItemStatus> ManualTargets(ItemStatus from) => from switch
    {
        ItemStatus.Available => [ItemStatus.InMaintenance, ItemStatus.OutOfService, ItemStatus.Retired],
        ItemStatus.InMaintenance => [ItemStatus.Available, ItemStatus.OutOfService, ItemStatus.Retired],
        ItemStatus.OutOfService => [ItemStatus.Available, ItemStatus.InMaintenance, ItemStatus.Retired],
        _ => [],
    };

    public async Task<FleetResult> CreateAsync(FleetAccess access, ItemInput input, string? actorName, CancellationToken ct = default)
    {
        var (errors, category) = await ValidateAsync(access, input, null, ct);
        if (errors.Count > 0)
        {
            return FleetResult.Invalid(errors);
        }

        var now = clock.GetUtcNow();
        var requested = ItemRules.Clean(input.AssetTag) is { } typed ? AssetTags.Normalize(typed) : null;
        for (var attempt = 0; ; attempt++)
        {
            var item = new Item
            {
                CategoryId = category!.Id,
                OrganizationId = input.OrganizationId!.Value,
                Model = ItemRules.Clean(input.Model)!,
                AssetTag = requested ?? AssetTags.Format(category.TagPrefix, await AssetTags.NextNumberAsync(db, category.TagPrefix, ct)),
                CreatedAt = now,
                ModifiedAt = now,
            };
            Apply(input, item);
            db.Items.Add(item);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException e) when (Agenda.Booking.BookingService.IsUniqueViolation(e) && requested is null && attempt < 3)
            {
                // Two additions took the same next number at once: take the following one.
                db.ChangeTracker.Clear();
                continue;
            }
            catch (DbUpdateException e) when (Agenda.Booking.BookingService.IsUniqueViolation(e))
            {
                db.ChangeTracker.Clear();
                return FleetResult.Invalid(nameof(ItemInput.AssetTag), "Cette étiquette ou ce numéro de série vient d'être pris par un autre objet.");
            }

            db.ItemEvents.Add(Event(item.Id, ItemEventKind.Created, $"Ajouté au parc ({FleetText.Condition(item.Condition).ToLowerInvariant()}).", actorName, now));
            audit.Record(AuditActions.ItemChanged, "materiel", item.Id.ToString(CultureInfo.InvariantCulture), $"{item.AssetTag} ajouté");
            await db.SaveChangesAsync(ct);
            return new FleetResult(FleetOutcome.Saved, item, new Dictionary<string, string[]>());
        }
    }

    public async Task<FleetResult> UpdateAsync(FleetAccess access, int id, ItemInput input, uint version, string? actorName, CancellationToken ct = default)
    {
        var item = await access.Items(db.Items).Include(i => i.Accessories).FirstOrDefaultAsync(i => i.Id == id, ct);
        if (item is null)
        {
            return FleetResult.NotFound;
        }

        if (item.Version != version)
        {
            return new FleetResult(FleetOutcome.Conflict, item, new Dictionary<string, string[]> { [""] = ["Cet objet vient d'être modifié par quelqu'un d'autre : rechargez la page pour voir ses nouvelles valeurs."] });
        }

        var (errors, category) = await ValidateAsync(access, input, item, ct);
        if (errors.Count > 0)
        {
            return FleetResult.Invalid(errors);
        }

        var before = Describe(item);
        item.CategoryId = category!.Id;
        item.OrganizationId = input.OrganizationId!.Value;
        item.Model = ItemRules.Clean(input.Model)!;
        if (ItemRules.Clean(input.AssetTag) is { } tag)
        {
            item.AssetTag = AssetTags.Normalize(tag);
        }

        Apply(input, item);
        var now = clock.GetUtcNow();
        item.ModifiedAt = now;
        item.Version++;
        var after = Describe(item);
        var changed = string.Join(", ", after.Where(kv => before.GetValueOrDefault(kv.Key) != kv.Value).Select(kv => kv.Key));
        db.ItemEvents.Add(Event(item.Id, ItemEventKind.Edited, changed.Length == 0 ? "Fiche enregistrée sans changement." : $"Modifié : {changed}.", actorName, now));
        audit.Record(AuditActions.ItemChanged, "materiel", id.ToString(CultureInfo.InvariantCulture), $"{item.AssetTag} modifié");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new FleetResult(FleetOutcome.Conflict, item, new Dictionary<string, string[]> { [""] = ["Cet objet vient d'être modifié par quelqu'un d'autre : rechargez la page pour voir ses nouvelles valeurs."] });
        }
        catch (DbUpdateException e) when (Agenda.Booking.BookingService.IsUniqueViolation(e))
        {
            return FleetResult.Invalid(nameof(ItemInput.AssetTag), "Cette étiquette ou ce numéro de série vient d'être pris par un autre objet.");
        }

        return new FleetResult(FleetOutcome.Saved, item, new Dictionary<string, string[]>());
    }

    /// <summary>Sets a status by hand, with the reason in the history; refused when the change is not one of <see cref="ManualTargets"/>.</summary>
    public async Task<FleetResult> ChangeStatusAsync(FleetAccess access, int id, ItemStatus target, string? reason, string? actorName, CancellationToken ct = default)
    {
        var item = await access.Items(db.Items.AsNoTracking()).FirstOrDefaultAsync(i => i.Id == id, ct);
        if (item is null)
        {
            return FleetResult.NotFound;
        }

        var note = ItemRules.Clean(reason);
        if (note is { Length: > 300 })
        {
            return FleetResult.Invalid("Reason", "La raison ne doit pas dépasser 300 caractères.");
        }

        if (!ManualTargets(item.Status).Contains(target))
        {
            return FleetResult.Invalid("", item.Status switch
            {
                ItemStatus.OnLoan => "L'objet est prêté : enregistrez d'abord son retour.",
                ItemStatus.Reserved => "L'objet est réservé : annulez ou terminez d'abord la réservation.",
                ItemStatus.Retired => "L'objet est réformé : il garde son historique mais ne change plus de statut.",
                _ => $"L'objet est déjà « {FleetText.Status(item.Status).ToLowerInvariant()} ».",
            });
        }

        var previous = item.Status;
        var now = clock.GetUtcNow();
        // Conditional on the status read: two people changing it at once, the second is told.
        var rows = await db.Items.Where(i => i.Id == id && i.Status == previous)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, target).SetProperty(i => i.ModifiedAt, now).SetProperty(i => i.Version, i => i.Version + 1), ct);
        if (rows == 0)
        {
            return new FleetResult(FleetOutcome.Conflict, item, new Dictionary<string, string[]> { [""] = ["Le statut de cet objet vient de changer : rechargez la page."] });
        }

        item.Status = target;
        // A hand-set maintenance is a ticket like any other, and leaving maintenance closes the open ones.
        if (target == ItemStatus.InMaintenance)
        {
            db.MaintenanceTickets.Add(new MaintenanceTicket { ItemId = id, Reason = note ?? "Mise en maintenance", OpenedAt = now, OpenedByName = actorName });
        }
        else if (previous == ItemStatus.InMaintenance)
        {
            await db.MaintenanceTickets.Where(t => t.ItemId == id && t.Status == MaintenanceStatus.Open)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.Status, MaintenanceStatus.Closed).SetProperty(t => t.ClosedAt, now)
                    .SetProperty(t => t.ClosedByName, actorName).SetProperty(t => t.Resolution, note ?? $"Passé à « {FleetText.Status(target).ToLowerInvariant()} »."), ct);
        }

        var text = $"{FleetText.Status(previous)} → {FleetText.Status(target)}{(note is null ? "" : $" : {note}")}.";
        db.ItemEvents.Add(Event(id, target == ItemStatus.InMaintenance ? ItemEventKind.MaintenanceOpened : previous == ItemStatus.InMaintenance ? ItemEventKind.MaintenanceClosed : ItemEventKind.StatusChanged, text, actorName, now));
        audit.Record(AuditActions.ItemChanged, "materiel", id.ToString(CultureInfo.InvariantCulture), $"{item.AssetTag} : {text}");
        await db.SaveChangesAsync(ct);
        return new FleetResult(FleetOutcome.Saved, item, new Dictionary<string, string[]>());
    }

    /// <summary>The organizations the user may give as owner, for the form's list.</summary>
    public async Task<List<(int Id, string Name)>> OwnersAsync(FleetAccess access, CancellationToken ct)
    {
        var ids = access.OrganizationIds;
        var query = db.Organizations.AsNoTracking();
        if (ids is not null)
        {
            query = query.Where(o => ids.Contains(o.Id));
        }

        return [.. (await query.OrderBy(o => o.Name).Select(o => new { o.Id, o.Name }).ToListAsync(ct)).Select(o => (o.Id, o.Name))];
    }

    private async Task<(Dictionary<string, string[]> Errors, ItemCategory? Category)> ValidateAsync(FleetAccess access, ItemInput input, Item? existing, CancellationToken ct)
    {
        var errors = ItemRules.Validate(input, Today);
        void Add(string key, string message) => errors[key] = [.. errors.GetValueOrDefault(key) ?? [], message];

        var category = input.CategoryId is { } categoryId ? await db.ItemCategories.AsNoTracking().FirstOrDefaultAsync(c => c.Id == categoryId, ct) : null;
        if (input.CategoryId is not null && (category is null || (!category.IsActive && category.Id != existing?.CategoryId)))
        {
            Add(nameof(ItemInput.CategoryId), "Cette catégorie n'existe pas ou est archivée : choisissez-en une dans la liste.");
        }

        if (input.OrganizationId is not { } owner || (access.OrganizationIds is { } ids ? !ids.Contains(owner) : !await db.Organizations.AnyAsync(o => o.Id == owner, ct)))
        {
            Add(nameof(ItemInput.OrganizationId), "Choisissez la structure propriétaire dans la liste.");
        }

        if (input.HomePlaceId is { } placeId && !await db.Places.AnyAsync(p => p.Id == placeId, ct))
        {
            Add(nameof(ItemInput.HomePlaceId), "Ce lieu n'existe pas : choisissez-le dans la liste.");
        }

        if (ItemRules.Clean(input.SerialNumber) is { } serial && category is not null
            && await db.Items.AnyAsync(i => i.CategoryId == category.Id && i.SerialNumber == serial && i.Id != (existing == null ? 0 : existing.Id), ct))
        {
            Add(nameof(ItemInput.SerialNumber), $"Un autre objet de la catégorie « {category.Name} » a déjà le numéro de série « {serial} ».");
        }

        if (ItemRules.Clean(input.AssetTag) is { } typed && ItemRules.IsTag(AssetTags.Normalize(typed)))
        {
            var tag = AssetTags.Normalize(typed);
            if (await db.Items.AnyAsync(i => i.AssetTag == tag && i.Id != (existing == null ? 0 : existing.Id), ct) || await db.Kits.AnyAsync(k => k.AssetTag == tag, ct))
            {
                Add(nameof(ItemInput.AssetTag), $"L'étiquette « {tag} » est déjà portée par un autre objet ou un kit.");
            }
        }

        return (errors, category);
    }

    private static void Apply(ItemInput input, Item item)
    {
        item.SerialNumber = ItemRules.Clean(input.SerialNumber);
        item.Condition = input.Condition;
        item.HomePlaceId = input.HomePlaceId;
        item.PurchasedOn = input.PurchasedOn;
        ItemRules.TryParseCost(input.Cost, out var cost);
        item.Cost = cost;
        item.FundingSource = ItemRules.Clean(input.FundingSource);
        item.Notes = ItemRules.Clean(input.Notes);
        var wanted = ItemRules.AccessoryLines(input.Accessories);
        item.Accessories.RemoveAll(a => !wanted.Contains(a.Name, StringComparer.OrdinalIgnoreCase));
        foreach (var name in wanted.Where(w => !item.Accessories.Any(a => string.Equals(a.Name, w, StringComparison.OrdinalIgnoreCase))))
        {
            item.Accessories.Add(new ItemAccessory { Name = name });
        }
    }

    public static T ToInput<T>(Item item)
        where T : ItemInput, new() => new()
        {
            CategoryId = item.CategoryId,
            OrganizationId = item.OrganizationId,
            Model = item.Model,
            SerialNumber = item.SerialNumber,
            AssetTag = item.AssetTag,
            Condition = item.Condition,
            HomePlaceId = item.HomePlaceId,
            PurchasedOn = item.PurchasedOn,
            Cost = item.Cost?.ToString("0.00", CultureInfo.GetCultureInfo("fr-FR")),
            FundingSource = item.FundingSource,
            Notes = item.Notes,
            Accessories = string.Join("\n", item.Accessories.OrderBy(a => a.Id).Select(a => a.Name)),
        };

    private static Dictionary<string, string?> Describe(Item i) => new()
    {
        ["catégorie"] = i.CategoryId.ToString(CultureInfo.InvariantCulture),
        ["propriétaire"] = i.OrganizationId.ToString(CultureInfo.InvariantCulture),
        ["modèle"] = i.Model,
        ["numéro de série"] = i.SerialNumber,
        ["étiquette"] = i.AssetTag,
        ["état"] = i.Condition.ToString(),
        ["lieu d'attache"] = i.HomePlaceId?.ToString(CultureInfo.InvariantCulture),
        ["date d'achat"] = i.PurchasedOn?.ToString("o", CultureInfo.InvariantCulture),
        ["coût"] = i.Cost?.ToString(CultureInfo.InvariantCulture),
        ["financement"] = i.FundingSource,
        ["notes"] = i.Notes,
        ["accessoires"] = string.Join("|", i.Accessories.Select(a => a.Name).Order(StringComparer.Ordinal)),
    };

    private static ItemEvent Event(int itemId, ItemEventKind kind, string text, string? actorName, DateTimeOffset at) =>
        new() { ItemId = itemId, Kind = kind, Text = text, ActorName = actorName, At = at };
}
