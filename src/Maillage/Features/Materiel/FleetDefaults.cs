using Maillage.Data;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Materiel;

/// <summary>The categories of the seeds' mobile EPN, created once (at start and by the migrate verb); editable afterwards.</summary>
public static class FleetDefaults
{
    public static readonly (string Name, string Prefix)[] Categories =
    [
        ("Tablette tactile", "TAB"),
        ("Borne wifi 4G", "4G"),
        ("Casque de réalité virtuelle", "VR"),
        ("Drone", "DRN"),
        ("Ordinateur portable", "PC"),
        ("Vidéoprojecteur", "VP"),
        ("Robot éducatif", "ROB"),
    ];

    public static async Task EnsureDefaultsAsync(AppDbContext db, CancellationToken ct = default)
    {
        if (await db.ItemCategories.AnyAsync(ct))
        {
            return;
        }

        db.ItemCategories.AddRange(Categories.Select((c, i) => new ItemCategory { Name = c.Name, TagPrefix = c.Prefix, SortOrder = (i + 1) * 10 }));
        await db.SaveChangesAsync(ct);
    }
}

/// <summary>Asset tags: the category's prefix and a number (« TAB-0042 »), the next free one; the unique index is the last word.</summary>
public static class AssetTags
{
    public static string Format(string prefix, int number) => $"{prefix}-{number:0000}";

    public static async Task<int> NextNumberAsync(AppDbContext db, string prefix, CancellationToken ct = default)
    {
        var start = prefix + "-";
        var tags = await db.Items.Where(i => i.AssetTag.StartsWith(start)).Select(i => i.AssetTag).ToListAsync(ct);
        var numbers = tags.Select(t => int.TryParse(t.AsSpan(start.Length), out var n) ? n : 0);
        return numbers.DefaultIfEmpty(0).Max() + 1;
    }

    /// <summary>Upper case, no spaces: what a person types from a worn label reads the same.</summary>
    public static string Normalize(string tag) => tag.Trim().ToUpperInvariant();
}
