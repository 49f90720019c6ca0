using Maillage.Features.Lieux;
using Maillage.Features.Territoires;
using Maillage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Tests.Features.Lieux.Search;

/// <summary>Places written straight to the database, each test naming its own with a unique tag to search by (q=tag).</summary>
public static class PlaceSearchTestData
{
    public const string Admin = "Aide aux démarches administratives";
    public const string Autonomy = "Maîtrise des outils numériques du quotidien";
    public const string Access = "Accès internet et matériel informatique";

    /// <summary>Latitude degrees per kilometre going north.</summary>
    public const double DegreesPerKm = 1 / 111.195;

    public static string NewTag() => "t" + Guid.NewGuid().ToString("N")[..10];

    public static async Task<Place> AddPlaceAsync(
        this MaillageFactory factory, string name, double? lat = null, double? lon = null,
        string insee = MaillageFactory.SaintEtienne, string postalCode = "42000", string commune = "Saint-Étienne",
        string[]? services = null, string[]? publics = null, string[]? supports = null, string[]? fees = null, string[]? access = null,
        string? hours = "Mo-Fr 09:00-12:00", bool published = true, int? quarterId = null, string? phone = null,
        string[]? programs = null, int? organizationId = null) =>
        await factory.WithDbAsync(async db =>
        {
            var now = DateTimeOffset.UtcNow;
            var place = new Place
            {
                ImportSource = Place.OwnSource,
                SourceId = Guid.NewGuid().ToString("N"),
                Name = name,
                Pivot = "00000000000000",
                CommuneName = commune,
                PostalCode = postalCode,
                InseeCode = insee,
                Address = "1 rue de l'Essai",
                Latitude = lat,
                Longitude = lon,
                OpeningHours = hours,
                Phone = phone,
                Services = Codes.Join(services ?? [Autonomy]),
                SpecificPublics = Codes.Join(publics ?? []),
                SpecificSupport = Codes.Join(supports ?? []),
                Fees = Codes.Join(fees ?? []),
                AccessModes = Codes.Join(access ?? []),
                NationalPrograms = Codes.Join(programs ?? []),
                OrganizationId = organizationId,
                IsPublished = published,
                QuarterId = quarterId,
                UpdatedOn = DateOnly.FromDateTime(now.UtcDateTime),
                CreatedAt = now,
                ModifiedAt = now,
            };
            db.Places.Add(place);
            await db.SaveChangesAsync();
            return place;
        });

    /// <summary>A quartier of Saint-Étienne, priority area (QPV) or not.</summary>
    public static async Task<Territory> AddQuarterAsync(this MaillageFactory factory, bool isPriorityArea)
    {
        await factory.EnsureTerritoriesAsync();
        return await factory.WithDbAsync(async db =>
        {
            var city = await db.Territories.SingleAsync(t => t.Kind == TerritoryKind.Commune && t.Code == MaillageFactory.SaintEtienne);
            var quarter = await Quarters.AddAsync(db, city, $"Quartier {Guid.NewGuid():N}", isPriorityArea);
            await db.SaveChangesAsync();
            return quarter;
        });
    }
}
