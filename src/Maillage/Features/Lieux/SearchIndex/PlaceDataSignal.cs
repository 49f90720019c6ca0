using System.Collections.Concurrent;

namespace Maillage.Features.Lieux.SearchIndex;

/// <summary>
/// Tells the in-memory search indexes of this process that places changed. <see cref="Data.AppDbContext"/> calls it after
/// every save that touches a place or a territory; code that writes places with ExecuteUpdate or raw SQL must call it too.
/// Changes made by another process (a second instance, the command line) are caught by the indexes' periodic stamp check.
/// </summary>
public static class PlaceDataSignal
{
    private static readonly ConcurrentDictionary<PublishedPlaceIndex, byte> Indexes = new();

    internal static void Register(PublishedPlaceIndex index) => Indexes[index] = 0;

    internal static void Unregister(PublishedPlaceIndex index) => Indexes.TryRemove(index, out _);

    public static void PlacesChanged(IReadOnlyCollection<int> ids)
    {
        if (ids.Count == 0)
        {
            return;
        }

        foreach (var index in Indexes.Keys)
        {
            index.MarkChanged(ids);
        }
    }

    /// <summary>Something that many places depend on changed (a quartier's QPV flag, a territory): reload everything.</summary>
    public static void EverythingChanged()
    {
        foreach (var index in Indexes.Keys)
        {
            index.MarkAllChanged();
        }
    }
}
