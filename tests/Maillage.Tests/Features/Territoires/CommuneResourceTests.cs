using Maillage.Features.Territoires;

namespace Maillage.Tests.Features.Territoires;

public class CommuneResourceTests
{
    [Fact]
    public void ResourceHoldsEveryDepartementOfFrance()
    {
        Assert.Equal(109, CommuneResource.DepartementCodes.Count);
        Assert.Contains("2A", CommuneResource.DepartementCodes);
        Assert.Contains("974", CommuneResource.DepartementCodes);
        Assert.Contains("42", CommuneResource.DepartementCodes);
    }

    [Fact]
    public void ResourceHoldsAllCommunesOfFrance()
    {
        var communes = CommuneResource.All.Count(n => n.Kind == TerritoryKind.Commune);
        Assert.InRange(communes, 34_800, 35_100);
        Assert.Equal(communes, CommuneResource.All.Where(n => n.Kind == TerritoryKind.Commune).Select(n => n.Code).Distinct().Count());
    }

    [Fact]
    public void EveryCommuneBelongsToAKnownDepartementAndItsEpciExists()
    {
        var departements = CommuneResource.DepartementCodes.ToHashSet();
        var epcis = CommuneResource.All.Where(n => n.Kind == TerritoryKind.Epci).Select(n => n.Code).ToHashSet();
        var communes = CommuneResource.All.Where(n => n.Kind == TerritoryKind.Commune).ToList();

        Assert.All(communes, c => Assert.Contains(c.Departement!, departements));
        Assert.All(communes.Where(c => c.ParentCode is not null), c => Assert.Contains(c.ParentCode!, epcis));
    }

    [Fact]
    public void SaintEtienneHasItsPostalCodesAndMetropole()
    {
        var city = CommuneResource.All.Single(n => n.Kind == TerritoryKind.Commune && n.Code == "42218");

        Assert.Equal("Saint-Étienne", city.Name);
        Assert.Equal("42", city.Departement);
        Assert.Equal("244200770", city.ParentCode);
        Assert.Equal("42000,42100,42230", city.PostalCodes);
        Assert.True(city.Population > 100_000);
    }
}
