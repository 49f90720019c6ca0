using System.Globalization;
using Maillage.Data;
using Maillage.Features.Audit;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Materiel;

/// <summary>
/// Kits: items reserved and lent together. A kit belongs to one organization and holds only its items; an item is in one
/// kit at most, never a retired one. Each change goes to the items' history and the journal.
/// </summary>
public sealed class KitService(AppDbContext db, AuditLog audit, TimeProvider clock)
{
    public async Task<FleetResult<Kit>> CreateAsync(FleetAccess access, int? organizationId, string? name, string? description, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string[]>();
        var cleanName = ItemRules.Clean(name);
        if (cleanName is null || cleanName.Length > 120)
        {
            errors["Name"] = [cleanName is null ? "Indiquez le nom du kit, par exemple « Valise tablettes n° 4 »." : "Le nom ne doit pas dépasser 120 caractères."];
        }

        if (ItemRules.Clean(description) is { Length: > 1000 })
        {
            errors["Description"] = ["La description ne doit pas dépasser 1 000 caractères."];
        }

        if (organizationId is not { } owner || (access.OrganizationIds is { } ids ? !ids.Contains(owner) : !await db.Organizations.AnyAsync(o => o.Id == owner, ct)))
        {
            errors["OrganizationId"] = ["Choisissez la structure propriétaire dans la liste."];
        }

        if (errors.Count > 0)
        {
            return new FleetResult<Kit>(null, errors);
        }

        var numbers = await db.Kits.Where(k => k.AssetTag.StartsWith("KIT-")).Select(k => k.AssetTag).ToListAsync(ct);
        var next = numbers.Select(t => int.TryParse(t.AsSpan(4), out var n) ? n : 0).DefaultIfEmpty(0).Max() + 1;
        var kit = new Kit { OrganizationId = organizationId!.Value, Name = cleanName!, Description = ItemRules.Clean(description), AssetTag = AssetTags.Format("KIT", next), CreatedAt = clock.GetUtcNow() };
        db.Kits.Add(kit);
        audit.Record(AuditActions.ItemChanged, "kit", null, $"Kit « {kit.Name} » ({kit.AssetTag}) créé");
        await db.SaveChangesAsync(ct);
        return new FleetResult<Kit>(kit, new Dictionary<string, string[]>());
    }

    /// <summary>Puts the item of this tag in the kit; a French refusal otherwise.</summary>
    public async Task<string?> AddAsync(FleetAccess access, int kitId, string? tag, string? actorName, CancellationToken ct = default)
    {
        var kit = await access.Kits(db.Kits).FirstOrDefaultAsync(k => k.Id == kitId, ct);
        if (kit is null)
        {
            return "Ce kit n'existe pas.";
        }

        if (ItemRules.Clean(tag) is not { } typed)
        {
            return "Indiquez l'étiquette de l'objet à ajouter, par exemple TAB-0042.";
        }

        var normalized = AssetTags.Normalize(typed);
        var item = await access.Items(db.Items).Include(i => i.Kit).FirstOrDefaultAsync(i => i.AssetTag == normalized, ct);
        string? refusal = item switch
        {
            null => $"Aucun objet de votre parc ne porte l'étiquette « {normalized} ».",
            { OrganizationId: var o } when o != kit.OrganizationId => $"{normalized} appartient à une autre structure que le kit.",
            { Status: ItemStatus.Retired } => $"{normalized} est réformé : il ne peut plus entrer dans un kit.",
            { Status: ItemStatus.Donated } => $"{normalized} a été donné : il ne peut plus entrer dans un kit.",
            { CampaignId: not null } => $"{normalized} fait partie du stock d'une campagne d'ordinateurs : il est attribué aux personnes, pas prêté en kit.",
            { KitId: var k } when k == kit.Id => $"{normalized} est déjà dans ce kit.",
            { Kit: { } other } => $"{normalized} est déjà dans le kit « {other.Name} » : retirez-l'en d'abord.",
            _ => null,
        };
        if (refusal is not null)
        {
            return refusal;
        }

        item!.KitId = kit.Id;
        item.Version++;
        Record(item.Id, $"Ajouté au kit « {kit.Name} » ({kit.AssetTag}).", actorName);
        await db.SaveChangesAsync(ct);
        return null;
    }

    public async Task<bool> RemoveAsync(FleetAccess access, int kitId, int itemId, string? actorName, CancellationToken ct = default)
    {
        var item = await access.Items(db.Items).Include(i => i.Kit).FirstOrDefaultAsync(i => i.Id == itemId && i.KitId == kitId, ct);
        if (item is null)
        {
            return false;
        }

        Record(item.Id, $"Retiré du kit « {item.Kit!.Name} » ({item.Kit.AssetTag}).", actorName);
        item.KitId = null;
        item.Version++;
        await db.SaveChangesAsync(ct);
        return true;
    }

    private void Record(int itemId, string text, string? actorName)
    {
        db.ItemEvents.Add(new ItemEvent { ItemId = itemId, Kind = ItemEventKind.KitChanged, Text = text, ActorName = actorName, At = clock.GetUtcNow() });
        audit.Record(AuditActions.ItemChanged, "materiel", itemId.ToString(CultureInfo.InvariantCulture), text);
    }
}

public sealed record FleetResult<T>(T? Value, IReadOnlyDictionary<string, string[]> Errors)
    where T : class;
