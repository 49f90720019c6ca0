using System.Net;
using System.Net.Http.Headers;
using System.Text;
using AngleSharp.Html.Dom;
using Maillage.Features.Audit;
using Maillage.Features.Comptes;
using Maillage.Tests.Features.Lieux.Doublons;
using Maillage.Tests.Features.Lieux.Standard;
using Maillage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Maillage.Tests.Features.Lieux.ImportExport;

/// <summary>/gestion/lieux/import: the upload form and its report, as an administrator, a coordinator and a structure.</summary>
[Trait("Category", "Database")]
public sealed class PlaceImportPageTests(MaillageFactory factory, ITestOutputHelper output) : IClassFixture<MaillageFactory>
{
    private const string Url = "/gestion/lieux/import";
    private const string RegionalFile = "hinaura-2023-v0.1.json";

    /// <summary>Posts the page's form as multipart, as a browser does: the antiforgery token, the file, the source and the options.</summary>
    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, byte[] content, string fileName, bool dryRun, bool skipInvalid, string? source = null)
    {
        var page = await Forms.GetDocumentAsync(client, Url);
        var token = page.QuerySelector("form[enctype='multipart/form-data'] input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent(source ?? ""), "Source" },
        };
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue(fileName.EndsWith(".json", StringComparison.Ordinal) ? "application/json" : "text/csv");
        form.Add(file, "Upload", fileName);
        if (dryRun)
        {
            form.Add(new StringContent("true"), "DryRun");
        }

        if (skipInvalid)
        {
            form.Add(new StringContent("true"), "SkipInvalid");
        }

        return await client.PostAsync(Url, form);
    }

    private static string Text(IHtmlDocument page) => page.QuerySelector("main")!.TextContent;

    [Fact]
    public async Task AnAdministratorChecksThenImportsTheRealRegionalFileAndReadsTheFullReport()
    {
        if (LieuxReference.File(RegionalFile, output) is not { } path)
        {
            return;
        }

        var bytes = await File.ReadAllBytesAsync(path);
        using var admin = await factory.SignedInAsync(Role.Administrateur);
        var form = await Forms.GetDocumentAsync(admin, Url);
        Assert.NotNull(form.QuerySelector("input[type=checkbox][name=DryRun][checked]"));

        using var refusedResponse = await UploadAsync(admin, bytes, RegionalFile, dryRun: true, skipInvalid: false);
        var refused = await refusedResponse.HtmlAsync();
        using var checkedResponse = await UploadAsync(admin, bytes, RegionalFile, dryRun: true, skipInvalid: true);
        var checkOnly = await checkedResponse.HtmlAsync();

        Assert.Contains("Fichier refusé", Text(refused));
        Assert.Contains("JSON de l'ancien format 0.1", Text(refused));
        var row = refused.QuerySelectorAll(".import-errors tbody tr").Single();
        Assert.Equal(["Lieu n° 248", "courriels", "chambéry@accorderie.fr"], row.QuerySelectorAll("td").Take(3).Select(td => td.TextContent.Trim()));
        Assert.Contains("Vérification seulement", Text(checkOnly));
        Assert.Contains("686 à créer", Text(checkOnly).Replace("\n", " ", StringComparison.Ordinal).Replace("  ", " ", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.False(await factory.WithDbAsync(db => db.Places.AnyAsync(p => p.ImportSource == "hinaura-2023-v0.1")));

        using var importResponse = await UploadAsync(admin, bytes, RegionalFile, dryRun: false, skipInvalid: true);
        var imported = await importResponse.HtmlAsync();

        Assert.Contains("Import terminé", Text(imported));
        Assert.Equal(686, await factory.WithDbAsync(db => db.Places.CountAsync(p => p.ImportSource == "hinaura-2023-v0.1")));
        var audit = await factory.WithDbAsync(db => db.AuditEntries.AsNoTracking().SingleAsync(a => a.Action == AuditActions.PlacesImported && a.TargetId == "hinaura-2023-v0.1"));
        Assert.StartsWith("administrateur.", audit.ActorName, StringComparison.Ordinal);
        Assert.Contains("686 créé(s)", audit.Details);
        Assert.Equal("hinaura-2023-v0.1", imported.QuerySelector("input[name=Source]")?.GetAttribute("value"));
    }

    [Fact]
    public async Task AnImportThatMeetsExistingPlacesListsThemWithLinksToTheComparePage()
    {
        var source = ImportExportHelpers.NewSource();
        var existing = await factory.ImportCsvAsync(ImportExportHelpers.Csv(1, (_, v) => { v["nom"] = "Cyber-base Jacquard " + source; v["adresse"] = "4 rue " + source; }), new Maillage.Features.Lieux.Import.PlaceImportOptions { Source = source });
        Assert.True(existing.Imported);
        var existingId = await factory.WithDbAsync(db => db.Places.Where(p => p.ImportSource == source).Select(p => p.Id).SingleAsync());
        var csv = ImportExportHelpers.Csv(1, (_, v) => { v["id"] = "autre-1"; v["nom"] = "Cyberbase Jacquard " + source; v["adresse"] = "4, rue " + source; });
        using var admin = await factory.SignedInAsync(Role.Administrateur);

        using var dryResponse = await UploadAsync(admin, Encoding.UTF8.GetBytes(csv), "autre-source.csv", dryRun: true, skipInvalid: false, source: "autre-" + source);
        var dry = await dryResponse.HtmlAsync();
        using var realResponse = await UploadAsync(admin, Encoding.UTF8.GetBytes(csv), "autre-source.csv", dryRun: false, skipInvalid: false, source: "autre-" + source);
        var real = await realResponse.HtmlAsync();

        Assert.Contains("À comparer après l'import", Text(dry));
        Assert.Contains($"n° {existingId}", Text(dry));
        var newId = await factory.WithDbAsync(db => db.Places.Where(p => p.ImportSource == "autre-" + source).Select(p => p.Id).SingleAsync());
        Assert.NotNull(real.QuerySelector($"a[href='/gestion/lieux/doublons/{newId}/{existingId}']"));
        Assert.True(await factory.WithDbAsync(db => db.Places.Where(p => p.Id == newId || p.Id == existingId).AllAsync(p => p.IsPublished && p.MergedIntoId == null)));
    }

    [Fact]
    public async Task ABadFileGetsAClearReportAndAMissingOrWrongFileAMessageOnTheField()
    {
        using var admin = await factory.SignedInAsync(Role.Administrateur);
        var csv = ImportExportHelpers.Csv(2, (i, v) => v["code_postal"] = i == 2 ? "4200" : v["code_postal"]);

        using var badResponse = await UploadAsync(admin, Encoding.UTF8.GetBytes(csv), "mauvais.csv", dryRun: false, skipInvalid: false, source: ImportExportHelpers.NewSource());
        var bad = await badResponse.HtmlAsync();
        using var garbageResponse = await UploadAsync(admin, Encoding.UTF8.GetBytes("ceci n'est pas un fichier de lieux"), "notes.csv", dryRun: false, skipInvalid: false);
        var garbage = await garbageResponse.HtmlAsync();
        using var wrongTypeResponse = await UploadAsync(admin, [1, 2, 3], "photo.png", dryRun: false, skipInvalid: false);
        var wrongType = await wrongTypeResponse.HtmlAsync();

        Assert.Contains("Fichier refusé : aucune modification n'a été enregistrée.", Text(bad));
        var row = bad.QuerySelectorAll(".import-errors tbody tr").Single();
        Assert.Equal(["Ligne 5", "code_postal", "4200"], row.QuerySelectorAll("td").Take(3).Select(td => td.TextContent.Trim()));
        Assert.Contains("Fichier refusé", Text(garbage));
        Assert.Equal("true", wrongType.QuerySelector("#Upload")?.GetAttribute("aria-invalid"));
        Assert.Contains("CSV (.csv) ou JSON (.json)", wrongType.QuerySelector("#Upload-error")?.TextContent);
        Assert.NotNull(wrongType.QuerySelector("#erreurs a[href='#Upload']"));
    }

    [Fact]
    public async Task AStructureIsRefusedAndACoordinatorImportsOnlyTheLinesOfTheirTerritory()
    {
        var org = await factory.CreateOrganizationAsync();
        using var structure = await factory.SignedInAsync(Role.Structure, organizationId: org.Id);
        using var coordinator = await factory.SignedInAsync(Role.Coordinateur, territoryCode: MaillageFactory.SaintChamond);

        using var structureGet = await structure.GetAsync(Url);
        var token = (await Forms.GetDocumentAsync(structure, "/gestion/lieux/doublons")).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var structurePost = await structure.PostAsync(Url, new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));
        Assert.Equal("/acces-refuse", structureGet.Headers.Location?.AbsolutePath);
        Assert.Equal("/acces-refuse", structurePost.Headers.Location?.AbsolutePath);
        using var denied = await structure.GetAsync(structureGet.Headers.Location);
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);

        var source = ImportExportHelpers.NewSource();
        var csv = ImportExportHelpers.Csv(2, (i, v) =>
        {
            if (i == 2)
            {
                (v["commune"], v["code_postal"], v["code_insee"]) = ("Saint-Chamond", "42400", MaillageFactory.SaintChamond);
            }
        });
        using var response = await UploadAsync(coordinator, Encoding.UTF8.GetBytes(csv), "lieux.csv", dryRun: false, skipInvalid: true, source: source);
        var page = await response.HtmlAsync();

        Assert.Contains("votre territoire", Text(page));
        var row = page.QuerySelectorAll(".import-errors tbody tr").Single();
        Assert.Equal(["Ligne 2", "code_insee", MaillageFactory.SaintEtienne], row.QuerySelectorAll("td").Take(3).Select(td => td.TextContent.Trim()));
        Assert.Equal([MaillageFactory.SaintChamond], await factory.WithDbAsync(db => db.Places.Where(p => p.ImportSource == source).Select(p => p.InseeCode!).ToListAsync()));
    }
}
