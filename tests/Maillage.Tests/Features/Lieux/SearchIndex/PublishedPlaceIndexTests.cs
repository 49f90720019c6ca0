using Maillage.Data;
using Maillage.Features.Lieux;
using Maillage.Features.Lieux.Search;
using Maillage.Features.Lieux.SearchIndex;
using Maillage.Features.Lieux.Standard;
using Maillage.Features.Territoires;
using Maillage.Tests.Features.Lieux.Search;
using Maillage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Maillage.Tests.Features.Lieux.SearchIndex;

/// <summary>The in-memory index must answer exactly as the SQL search, and see every write.</summary>
[Trait("Category", "Database")]
public sealed class PublishedPlaceIndexTests(PublishedPlaceIndexTests.Factory factory) : IClassFixture<PublishedPlaceIndexTests.Factory>
{
    public sealed class Factory : MaillageFactory;

    private static readonly string[] Hours =
    [
        "Mo-Fr 09:00-12:00,14:00-18:00", "Tu-Sa 10:00-18:00", "We 14:00-17:00; Sa 09:00-12:00", "Mo-Su 00:00-24:00",
        "Mo-Fr 08:30-12:00; PH off", "pas des horaires", "",
    ];

    private static readonly DateTimeOffset[] Instants =
    [
        new(2026, 11, 24, 10, 30, 0, TimeSpan.FromHours(1)), new(2026, 11, 28, 11, 0, 0, TimeSpan.FromHours(1)),
        new(2026, 11, 25, 15, 0, 0, TimeSpan.FromHours(1)), new(2026, 12, 25, 10, 0, 0, TimeSpan.FromHours(1)),
    ];

    [Fact]
    public async Task RandomSearchesGiveTheSameAnswersAsTheSqlSearch()
    {
        await factory.EnsureTerritoriesAsync();
        var random = new Random(20261123);
        var quarter = await factory.AddQuarterAsync(isPriorityArea: true);
        var services = PlaceVocabulary.Services.Codes.ToArray();
        var publics = PlaceVocabulary.SpecificPublics.Codes.ToArray();
        var fees = PlaceVocabulary.Fees.Codes.ToArray();
        var programs = PlaceVocabulary.NationalPrograms.Codes.ToArray();
        var communes = new[] { (MaillageFactory.SaintEtienne, "42000", 45.4397, 4.3872), (MaillageFactory.SaintChamond, "42400", 45.4756, 4.5147) };
        await factory.WithDbAsync(async db =>
        {
            var now = DateTimeOffset.UtcNow;
            for (var i = 0; i < 600; i++)
            {
                var (insee, postalCode, lat, lon) = communes[random.Next(communes.Length)];
                var located = random.NextDouble() < 0.9;
                db.Places.Add(new Place
                {
                    ImportSource = "equivalence",
                    SourceId = i.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    // Lower-case letters and digits only: every collation sorts these alike.
                    Name = $"lieu{random.Next(100):D2}{(char)('a' + random.Next(26))}{i:D4}",
                    Pivot = "00000000000000",
                    CommuneName = insee == MaillageFactory.SaintEtienne ? "Saint-Étienne" : "Saint-Chamond",
                    PostalCode = postalCode,
                    InseeCode = insee,
                    Address = "1 rue de l'Essai",
                    Latitude = located ? lat + ((random.NextDouble() - 0.5) * 0.4) : null,
                    Longitude = located ? lon + ((random.NextDouble() - 0.5) * 0.5) : null,
                    OpeningHours = Hours[random.Next(Hours.Length)] is { Length: > 0 } h ? h : null,
                    Services = Codes.Join(Pick(random, services, 1 + random.Next(3))),
                    SpecificPublics = Codes.Join(Pick(random, publics, random.Next(3))),
                    Fees = Codes.Join(Pick(random, fees, random.Next(2))),
                    NationalPrograms = Codes.Join(Pick(random, programs, random.Next(2))),
                    IsPublished = random.NextDouble() < 0.85,
                    QuarterId = random.NextDouble() < 0.2 ? quarter.Id : null,
                    UpdatedOn = new DateOnly(2026, 11, 1),
                    CreatedAt = now,
                    ModifiedAt = now,
                });
            }

            return await db.SaveChangesAsync();
        });

        var index = factory.Services.GetRequiredService<PublishedPlaceIndex>();
        var compared = 0;
        for (var i = 0; i < 300; i++)
        {
            var (insee, postalCode, lat, lon) = communes[random.Next(communes.Length)];
            var shape = random.Next(6);
            var search = new PlaceSearch
            {
                Latitude = shape <= 1 ? lat + ((random.NextDouble() - 0.5) * 0.3) : null,
                Longitude = shape <= 1 ? lon + ((random.NextDouble() - 0.5) * 0.3) : null,
                RadiusKm = shape == 0 ? 1 + random.Next(20) : null,
                InseeCode = shape == 2 ? insee : null,
                PostalCode = shape == 3 || (shape == 5 && random.Next(2) == 0) ? postalCode : null,
                InseeCodes = shape == 5 ? [insee, random.Next(2) == 0 ? "42207" : "69123"] : [],
                Text = shape == 4 ? $"lieu{random.Next(100):D2}" : null,
                Services = random.NextDouble() < 0.5 ? Pick(random, services, 1 + random.Next(2)) : [],
                Publics = random.NextDouble() < 0.2 ? Pick(random, publics, 1) : [],
                Fees = random.NextDouble() < 0.2 ? Pick(random, fees, 1) : [],
                NationalPrograms = random.NextDouble() < 0.2 ? Pick(random, programs, 1) : [],
                OpenNow = random.NextDouble() < 0.3,
                OpenOnSaturday = random.NextDouble() < 0.2,
                PriorityAreaOnly = random.NextDouble() < 0.15,
                Page = 1 + random.Next(3),
                PageSize = 5 + random.Next(30),
            };
            var now = Instants[random.Next(Instants.Length)];
            var expected = await factory.WithDbAsync(db => search.RunAsync(db, now, CancellationToken.None));
            var actual = await index.SearchAsync(search, now);
            Assert.Equal(expected.Total, actual.Total);
            Assert.Equal(expected.Items.Select(h => h.Id), actual.Items.Select(h => h.Id));
            Assert.Equal(expected.Items, actual.Items, HitComparer.Instance);
            compared += expected.Items.Count;
        }

        Assert.True(compared > 500, $"Les recherches tirées au hasard doivent ramener des lieux ({compared}).");
    }

    [Fact]
    public async Task EveryWriteOfThisProcessIsVisibleToTheNextSearch()
    {
        var index = factory.Services.GetRequiredService<PublishedPlaceIndex>();
        var tag = PlaceSearchTestData.NewTag();
        var search = new PlaceSearch { Text = tag };
        var now = Instants[0];
        Assert.Equal(0, (await index.SearchAsync(search, now)).Total);

        var place = await factory.AddPlaceAsync($"{tag} Médiathèque", 45.44, 4.39, hours: "Mo-Fr 09:00-12:00");
        var found = Assert.Single((await index.SearchAsync(search, now)).Items);
        Assert.True(found.IsOpenNow);

        await factory.WithDbAsync(async db =>
        {
            var row = await db.Places.SingleAsync(p => p.Id == place.Id);
            row.OpeningHours = "Sa 09:00-12:00";
            row.Name = $"{tag} Médiathèque Tarentaize";
            return await db.SaveChangesAsync();
        });
        found = Assert.Single((await index.SearchAsync(search, now)).Items);
        Assert.False(found.IsOpenNow);
        Assert.Equal($"{tag} Médiathèque Tarentaize", found.Name);

        var quarter = await factory.AddQuarterAsync(isPriorityArea: false);
        await factory.WithDbAsync(async db =>
        {
            (await db.Places.SingleAsync(p => p.Id == place.Id)).QuarterId = quarter.Id;
            return await db.SaveChangesAsync();
        });
        Assert.Equal(0, (await index.SearchAsync(search with { PriorityAreaOnly = true }, now)).Total);
        await factory.WithDbAsync(async db =>
        {
            (await db.Territories.SingleAsync(t => t.Id == quarter.Id)).IsPriorityArea = true;
            return await db.SaveChangesAsync();
        });
        Assert.Equal(1, (await index.SearchAsync(search with { PriorityAreaOnly = true }, now)).Total);

        await factory.WithDbAsync(async db =>
        {
            (await db.Places.SingleAsync(p => p.Id == place.Id)).IsPublished = false;
            return await db.SaveChangesAsync();
        });
        Assert.Equal(0, (await index.SearchAsync(search, now)).Total);
    }

    [Fact]
    public async Task WritesThatBypassThisProcessAreSeenAtTheNextStampCheck()
    {
        await using var other = new StampFactory();
        var tag = PlaceSearchTestData.NewTag();
        var place = await other.AddPlaceAsync($"{tag} Espace", 45.44, 4.39);
        var index = other.Services.GetRequiredService<PublishedPlaceIndex>();
        var search = new PlaceSearch { Text = tag };
        Assert.Equal(1, (await index.SearchAsync(search, Instants[0])).Total);

        // ExecuteUpdate skips the change tracker, as a write from another process (the command line, a second instance) would.
        var now = DateTimeOffset.UtcNow.AddMinutes(1);
        await other.WithDbAsync(db => db.Places.Where(p => p.Id == place.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.IsPublished, false).SetProperty(p => p.ModifiedAt, now)));
        Assert.Equal(0, (await index.SearchAsync(search, Instants[0])).Total);
    }

    private sealed class StampFactory : MaillageFactory
    {
        public StampFactory() => WithSetting("Lieux:IndexRefreshSeconds", "0");
    }

    private static List<string> Pick(Random random, string[] values, int count) =>
        values.OrderBy(_ => random.Next()).Take(count).ToList();

    private sealed class HitComparer : IEqualityComparer<PlaceHit>
    {
        public static readonly HitComparer Instance = new();

        public bool Equals(PlaceHit? x, PlaceHit? y) =>
            x is not null && y is not null && x.Id == y.Id && x.Name == y.Name && x.Status == y.Status && x.IsOpenNow == y.IsOpenNow
            && x.Services.SequenceEqual(y.Services) && x.Latitude == y.Latitude && x.Longitude == y.Longitude
            && Nullable.Equals(x.DistanceKm is { } a ? Math.Round(a, 9) : null, y.DistanceKm is { } b ? Math.Round(b, 9) : (double?)null)
            && x.Commune == y.Commune && x.PostalCode == y.PostalCode && x.Phone == y.Phone && x.BookingUrl == y.BookingUrl;

        public int GetHashCode(PlaceHit obj) => obj.Id;
    }
}
