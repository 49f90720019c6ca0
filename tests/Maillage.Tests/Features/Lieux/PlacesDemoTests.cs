using Maillage.Data;
using Maillage.Features.Lieux;
using Maillage.Features.Lieux.Standard;
using Maillage.Shared.OpeningHours;
using Maillage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Maillage.Tests.Features.Lieux;

[Trait("Category", "Database")]
public sealed class PlacesDemoTests(MaillageFactory factory) : IClassFixture<MaillageFactory>
{
    [Fact]
    public async Task TheDemoNetworkHasSaintEtiennesSixteenPlacesAllValidInTheNationalStandard()
    {
        await factory.WithScopeAsync(sp => sp.GetRequiredService<DemoSeeder>().SeedAsync());

        var places = await factory.WithDbAsync(db => db.Places.AsNoTracking().Include(p => p.Quarter).ToListAsync());

        Assert.Equal(16, places.Count);
        Assert.Equal(9, places.Count(p => p.Kind == PlaceKind.EpnQuartier));
        Assert.Equal(5, places.Count(p => p.Kind == PlaceKind.EpnThematique));
        Assert.Equal(2, places.Count(p => p.Kind == PlaceKind.EpnQuartierEtThematique));
        Assert.All(places, p =>
        {
            Assert.Empty(PlaceValidator.Validate(p.ToRecord()));
            Assert.True(OpeningHoursParser.TryParse(p.OpeningHours!, out _, out var error), error);
            Assert.NotNull(p.Quarter);
        });
        Assert.Contains(places, p => p.Quarter!.IsPriorityArea);
    }

    [Fact]
    public void AServiceCodeIsFoundBetweenPipesWhateverItsPosition()
    {
        var stored = Codes.Join(["Aide aux démarches administratives", "Accès internet et matériel informatique"]);

        Assert.Equal("|Aide aux démarches administratives|Accès internet et matériel informatique|", stored);
        Assert.Equal(["Aide aux démarches administratives", "Accès internet et matériel informatique"], Codes.Split(stored));
        Assert.Null(Codes.Join([" ", ""]));
    }
}
