namespace Maillage.Features.Materiel;

/// <summary>Search of the fleet by asset tag, model or serial number, whatever the case.</summary>
public static class FleetSearch
{
    public const int MaxQueryLength = 80;

    public static IQueryable<Item> Matching(IQueryable<Item> items, string? q)
    {
        if (string.IsNullOrWhiteSpace(q))
        {
            return items;
        }

        foreach (var word in q.Trim().ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(5))
        {
            var w = word.Length > MaxQueryLength ? word[..MaxQueryLength] : word;
            items = items.Where(i => i.AssetTag.ToLower().Contains(w) || i.Model.ToLower().Contains(w) || (i.SerialNumber != null && i.SerialNumber.ToLower().Contains(w)));
        }

        return items;
    }

    /// <summary>The list's filters, the same for the page, the export, the labels and the API.</summary>
    public static IQueryable<Item> Filter(IQueryable<Item> items, string? q, int? categoryId, ItemStatus? status, int? kitId)
    {
        items = Matching(items, q);
        if (categoryId is { } category)
        {
            items = items.Where(i => i.CategoryId == category);
        }

        if (status is { } s)
        {
            items = items.Where(i => i.Status == s);
        }

        if (kitId is { } kit)
        {
            items = items.Where(i => i.KitId == kit);
        }

        return items;
    }
}
