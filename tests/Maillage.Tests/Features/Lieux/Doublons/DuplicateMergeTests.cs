using System.Net;
using Maillage.Features.Audit;
using Maillage.Features.Comptes;
using Maillage.Features.Lieux;
using Maillage.Features.Lieux.Doublons;
using Maillage.Features.Lieux.Import;
using Maillage.Features.Lieux.Signalements;
using Maillage.Tests.Features.Lieux.ImportExport;
using Maillage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Tests.Features.Lieux.Doublons;

/// <summary>Duplicates found on import, reviewed and merged (or dismissed) through the back-office pages.</summary>
[Trait("Category", "Database")]
public sealed class DuplicateMergeTests(MaillageFactory factory) : IClassFixture<MaillageFactory>
{
    private static string Tag() => "t" + Guid.NewGuid().ToString("N")[..10];

    /// <summary>The city's rich record of a place, and the region's poorer record of the same place.</summary>
    private static (string City, string Region) Files(string tag, string regionName = "EPN Soleil", string regionDate = "2025-01-10") =>
        (ImportExportHelpers.Csv(1, (_, v) =>
        {
            v["id"] = "soleil";
            v["nom"] = $"Espace numérique du Soleil {tag}";
            v["adresse"] = $"3 rue {tag}";
        }),
        ImportExportHelpers.Csv(1, (_, v) =>
        {
            v["id"] = "r-17";
            v["nom"] = $"{regionName} {tag}";
            v["adresse"] = $"3, r. {tag}";
            v["latitude"] = "45.4340";
            v["longitude"] = "4.3901";
            v["telephone"] = "+33477111111";
            v["services"] = "Aide aux démarches administratives";
            v["presentation_resume"] = null;
            v["presentation_detail"] = null;
            v["date_maj"] = regionDate;
        }));

    [Fact]
    public async Task AnImportListsTheProbableDuplicateAndAHandMergeKeepsTheChosenValuesLeavesATombstoneThatReimportDoesNotResurrect()
    {
        await factory.EnsureTerritoriesAsync();
        var tag = Tag();
        var (city, region) = Files(tag);
        var citySource = "ville-" + tag;
        var regionSource = "region-" + tag;
        await factory.ImportCsvAsync(city, new PlaceImportOptions { Source = citySource });
        var cityId = await factory.WithDbAsync(db => db.Places.Where(p => p.ImportSource == citySource).Select(p => p.Id).SingleAsync());

        var dryRun = await factory.ImportCsvAsync(region, new PlaceImportOptions { Source = regionSource, DryRun = true });
        var imported = await factory.ImportCsvAsync(region, new PlaceImportOptions { Source = regionSource });

        var planned = Assert.Single(dryRun.Duplicates);
        Assert.Equal((cityId, (int?)null, 2), (planned.CandidateId, planned.PlaceId, planned.Line));
        Assert.Matches(@"^même commune, même nom, même adresse, à \d+ m$", planned.Match.Reasons);
        var found = Assert.Single(imported.Duplicates);
        var regionId = await factory.WithDbAsync(db => db.Places.Where(p => p.ImportSource == regionSource).Select(p => p.Id).SingleAsync());
        Assert.Equal((cityId, (int?)regionId), (found.CandidateId, found.PlaceId));
        Assert.True(await factory.WithDbAsync(db => db.Places.Where(p => p.Id == regionId || p.Id == cityId).AllAsync(p => p.IsPublished && p.MergedIntoId == null)));
        var regionPlace = await factory.WithDbAsync(db => db.Places.AsNoTracking().SingleAsync(p => p.Id == regionId));
        Assert.Equal("import", regionPlace.CoordinatesSource);
        await factory.WithDbAsync(async db =>
        {
            db.PlaceReports.Add(new PlaceReport { PlaceId = regionId, Topic = "horaires", Message = "Fermé le lundi.", CreatedAt = DateTimeOffset.UtcNow });
            return await db.SaveChangesAsync();
        });

        using var admin = await factory.SignedInAsync(Role.Administrateur);
        var list = await Forms.GetDocumentAsync(admin, "/gestion/lieux/doublons");
        var compareUrl = $"/gestion/lieux/doublons/{cityId}/{regionId}";
        Assert.NotNull(list.QuerySelector($"a[href='{compareUrl}']"));

        var compare = await Forms.GetDocumentAsync(admin, compareUrl);
        Assert.Equal("a", compare.QuerySelector("input[name=Keep]:checked")?.GetAttribute("value"));
        Assert.Equal("a", compare.QuerySelector("input[name='Choices[services]']:checked")?.GetAttribute("value"));
        Assert.Equal("a", compare.QuerySelector("input[name='Choices[presentation_resume]']:checked")?.GetAttribute("value"));
        Assert.Null(compare.QuerySelector("input[name='Choices[commune]']"));

        using var verify = await DoublonsTestHelpers.SubmitAsync(admin, compare, compareUrl, "form.merge-form",
            new Dictionary<string, string> { ["Choices[telephone]"] = "b", ["Choices[nom]"] = "a" });
        var confirmation = await verify.HtmlAsync();
        Assert.Contains("Confirmer la fusion", confirmation.QuerySelector("main")!.TextContent);
        Assert.True(await factory.WithDbAsync(db => db.Places.Where(p => p.Id == regionId).Select(p => p.IsPublished).SingleAsync()));

        using var merge = await DoublonsTestHelpers.SubmitAsync(admin, confirmation, compareUrl, "form[action*='handler=Fusionner']");

        Assert.Equal(HttpStatusCode.Redirect, merge.StatusCode);
        Assert.Equal("/gestion/lieux/doublons", merge.Headers.Location?.OriginalString);
        var kept = await factory.WithDbAsync(db => db.Places.AsNoTracking().SingleAsync(p => p.Id == cityId));
        var tombstone = await factory.WithDbAsync(db => db.Places.AsNoTracking().SingleAsync(p => p.Id == regionId));
        Assert.Equal(($"Espace numérique du Soleil {tag}", "+33477111111", true), (kept.Name, kept.Phone, kept.IsPublished));
        Assert.Equal(2, Codes.Split(kept.Services).Count);
        Assert.NotNull(kept.Summary);
        Assert.Equal((false, (int?)cityId), (tombstone.IsPublished, tombstone.MergedIntoId));
        var fusion = await factory.WithDbAsync(db => db.PlaceChanges.AsNoTracking().Where(c => c.Kind == PlaceMerger.ChangeKind && (c.PlaceId == cityId || c.PlaceId == regionId)).ToListAsync());
        Assert.Contains(fusion, c => c.PlaceId == cityId && c.Summary.Contains("Téléphone", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(fusion, c => c.PlaceId == regionId);
        Assert.Equal(2, await factory.WithDbAsync(db => db.PlaceChanges.CountAsync(c => c.PlaceId == regionId)));
        var audit = await factory.WithDbAsync(db => db.AuditEntries.AsNoTracking().SingleAsync(a => a.Action == AuditActions.PlacesMerged && a.TargetId == cityId.ToString()));
        Assert.Contains($"n° {regionId}", audit.Details);
        Assert.Equal(cityId, await factory.WithDbAsync(db => db.PlaceReports.Where(r => r.Message == "Fermé le lundi." && (r.PlaceId == cityId || r.PlaceId == regionId)).Select(r => r.PlaceId).SingleAsync()));
        Assert.Null((await Forms.GetDocumentAsync(admin, "/gestion/lieux/doublons")).QuerySelector($"a[href='{compareUrl}']"));

        var again = await factory.ImportCsvAsync(region, new PlaceImportOptions { Source = regionSource });
        var (_, newer) = Files(tag, regionName: "EPN Soleil renommé", regionDate: "2026-01-05");
        var renamed = await factory.ImportCsvAsync(newer, new PlaceImportOptions { Source = regionSource });

        Assert.Equal((0, 1, 1), (again.Created, again.Unchanged, again.IntoMerged));
        Assert.Empty(again.Duplicates);
        Assert.Equal((0, 1, 1), (renamed.Created, renamed.Updated, renamed.IntoMerged));
        Assert.Empty(renamed.Duplicates);
        var after = await factory.WithDbAsync(db => db.Places.AsNoTracking().Where(p => p.ImportSource == regionSource).ToListAsync());
        var stillTombstone = Assert.Single(after);
        Assert.Equal(($"EPN Soleil renommé {tag}", false, (int?)cityId), (stillTombstone.Name, stillTombstone.IsPublished, stillTombstone.MergedIntoId));
        Assert.Equal(kept.Name, await factory.WithDbAsync(db => db.Places.Where(p => p.Id == cityId).Select(p => p.Name).SingleAsync()));
    }

    [Fact]
    public async Task NotDuplicatesIsRecordedWithWhoAndWhenAndThePairIsNoLongerProposedOnTheListOrOnImport()
    {
        var tag = Tag();
        var a = await AddAsync($"Médiathèque {tag}", $"9 place {tag}");
        var b = await AddAsync($"Médiathèque municipale {tag}", $"9 pl. {tag}", source: "essai-" + tag);
        using var admin = await factory.SignedInAsync(Role.Administrateur);
        var url = $"/gestion/lieux/doublons/{a.Id}/{b.Id}";
        Assert.NotNull((await Forms.GetDocumentAsync(admin, "/gestion/lieux/doublons")).QuerySelector($"a[href='{url}']"));

        using var response = await Forms.SubmitAsync(admin, url, new Dictionary<string, string>(), "form[action*='handler=Ecarter']");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var dismissal = await factory.WithDbAsync(db => db.PlaceDuplicateDismissals.AsNoTracking().SingleAsync(d => d.FirstPlaceId == a.Id && d.SecondPlaceId == b.Id));
        Assert.StartsWith("administrateur.", dismissal.DismissedByName, StringComparison.Ordinal);
        Assert.NotNull(dismissal.DismissedById);
        Assert.True(DateTimeOffset.UtcNow - dismissal.DismissedAt < TimeSpan.FromMinutes(5));
        Assert.True(await factory.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.Action == AuditActions.PlaceDuplicateDismissed && e.TargetId == a.Id.ToString())));
        Assert.Null((await Forms.GetDocumentAsync(admin, "/gestion/lieux/doublons")).QuerySelector($"a[href='{url}']"));
        Assert.True(await factory.WithDbAsync(db => db.Places.Where(p => p.Id == a.Id || p.Id == b.Id).AllAsync(p => p.IsPublished && p.MergedIntoId == null)));

        // Re-importing one of the two (as its source) no longer proposes the other.
        var csv = ImportExportHelpers.Csv(1, (_, v) => { v["id"] = b.SourceId; v["nom"] = b.Name; v["adresse"] = b.Address; });
        var elsewhere = await factory.ImportCsvAsync(csv, new PlaceImportOptions { Source = "autre-" + tag, DryRun = true });
        var own = await factory.ImportCsvAsync(csv, new PlaceImportOptions { Source = b.ImportSource, DryRun = true });
        Assert.Equal([a.Id, b.Id], elsewhere.Duplicates.Select(d => d.CandidateId).Order());
        Assert.True(own.Imported);
        Assert.Empty(own.Duplicates);
    }

    [Fact]
    public async Task AMergeOverAChangeMadeMeanwhileIsRefusedAndNothingIsWritten()
    {
        var tag = Tag();
        var a = await AddAsync($"Centre social {tag}", $"5 rue {tag}");
        var b = await AddAsync($"Centre social du {tag}", $"5 rue {tag}");
        using var admin = await factory.SignedInAsync(Role.Administrateur);
        var url = $"/gestion/lieux/doublons/{a.Id}/{b.Id}";
        var compare = await Forms.GetDocumentAsync(admin, url);
        using var verify = await DoublonsTestHelpers.SubmitAsync(admin, compare, url, "form.merge-form");
        var confirmation = await verify.HtmlAsync();

        await factory.WithDbAsync(async db =>
        {
            var place = await db.Places.SingleAsync(p => p.Id == b.Id);
            place.Phone = "+33477222222";
            return await db.SaveChangesAsync();
        });
        using var merge = await DoublonsTestHelpers.SubmitAsync(admin, confirmation, url, "form[action*='handler=Fusionner']");

        var page = await merge.HtmlAsync();
        Assert.Contains("modifié entre-temps", page.QuerySelector("main")!.TextContent);
        Assert.True(await factory.WithDbAsync(db => db.Places.Where(p => p.Id == a.Id || p.Id == b.Id).AllAsync(p => p.IsPublished && p.MergedIntoId == null)));
        Assert.False(await factory.WithDbAsync(db => db.PlaceChanges.AnyAsync(c => c.Kind == PlaceMerger.ChangeKind && (c.PlaceId == a.Id || c.PlaceId == b.Id))));
    }

    [Fact]
    public async Task AStructureOrACoordinatorElsewhereCannotSeeOrMergeAPairTheyDoNotFullyManage()
    {
        await factory.EnsureTerritoriesAsync();
        var tag = Tag();
        var org = await factory.CreateOrganizationAsync();
        var owned = await AddAsync($"France Services {tag}", $"1 place {tag}", org.Id);
        var other = await AddAsync($"France Services {tag}", $"1 place {tag}");
        var url = $"/gestion/lieux/doublons/{owned.Id}/{other.Id}";
        using var structure = await factory.SignedInAsync(Role.Structure, organizationId: org.Id);
        using var coordinator = await factory.SignedInAsync(Role.Coordinateur, territoryCode: MaillageFactory.SaintChamond);
        using var localCoordinator = await factory.SignedInAsync(Role.Coordinateur, territoryCode: MaillageFactory.SaintEtienne);

        using var structureCompare = await structure.GetAsync(url);
        var token = (await Forms.GetDocumentAsync(structure, "/gestion/lieux/doublons")).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var structureDismiss = await structure.PostAsync(url + "?handler=Ecarter", new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));
        using var coordinatorCompare = await coordinator.GetAsync(url);
        var structureList = await Forms.GetDocumentAsync(structure, "/gestion/lieux/doublons");
        var coordinatorList = await Forms.GetDocumentAsync(coordinator, "/gestion/lieux/doublons");
        var localList = await Forms.GetDocumentAsync(localCoordinator, "/gestion/lieux/doublons");

        Assert.Equal(HttpStatusCode.NotFound, structureCompare.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, structureDismiss.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, coordinatorCompare.StatusCode);
        Assert.Null(structureList.QuerySelector($"a[href='{url}']"));
        Assert.NotNull(structureList.QuerySelector(".empty-state"));
        Assert.Null(coordinatorList.QuerySelector($"a[href='{url}']"));
        Assert.NotNull(localList.QuerySelector($"a[href='{url}']"));
        Assert.False(await factory.WithDbAsync(db => db.PlaceDuplicateDismissals.AnyAsync(d => d.FirstPlaceId == owned.Id)));
    }

    private async Task<Place> AddAsync(string name, string address, int? organizationId = null, string source = Place.OwnSource)
    {
        await factory.EnsureTerritoriesAsync();
        return await factory.WithDbAsync(async db =>
        {
            var now = DateTimeOffset.UtcNow;
            var commune = await db.Territories.SingleAsync(t => t.Code == MaillageFactory.SaintEtienne && t.Kind == Maillage.Features.Territoires.TerritoryKind.Commune);
            var place = new Place
            {
                ImportSource = source,
                SourceId = Guid.NewGuid().ToString("N"),
                Name = name,
                Pivot = "00000000000000",
                CommuneName = "Saint-Étienne",
                PostalCode = "42000",
                InseeCode = MaillageFactory.SaintEtienne,
                CommuneId = commune.Id,
                Address = address,
                Latitude = 45.44,
                Longitude = 4.39,
                OrganizationId = organizationId,
                UpdatedOn = new DateOnly(2025, 1, 1),
                CreatedAt = now,
                ModifiedAt = now,
            };
            db.Places.Add(place);
            await db.SaveChangesAsync();
            return place;
        });
    }
}
