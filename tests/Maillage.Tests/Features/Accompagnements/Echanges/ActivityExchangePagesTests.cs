using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using AngleSharp.Html.Dom;
using Maillage.Features.Accompagnements.Echanges;
using Maillage.Features.Audit;
using Maillage.Features.Comptes;
using Maillage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Maillage.Tests.Features.Accompagnements.Echanges;

/// <summary>/activites/export and /activites/import through HTTP, as an advisor, a Structure account and a reader.</summary>
[Trait("Category", "Database")]
public sealed class ActivityExchangePagesTests(MaillageFactory factory, ITestOutputHelper output) : IClassFixture<MaillageFactory>
{
    private const string ExportUrl = "/activites/export";
    private const string ImportUrl = "/activites/import";

    private async Task<HttpClient> SignInAsync(string email)
    {
        var client = factory.CreateBrowserClient();
        using var response = await factory.LoginAsync(client, email, TestData.Password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    private static async Task<IHtmlDocument> HtmlAsync(HttpResponseMessage response)
    {
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {html[..Math.Min(html.Length, 2000)]}");
        return Forms.Parse(html);
    }

    private static string Text(IHtmlDocument page) => string.Join(' ', page.QuerySelector("main")!.TextContent.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));

    /// <summary>Posts the import form as multipart, as a browser does.</summary>
    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, byte[] content, string fileName, string? target, bool dryRun)
    {
        var page = await Forms.GetDocumentAsync(client, ImportUrl);
        var token = page.QuerySelector("form[enctype='multipart/form-data'] input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent(target ?? page.QuerySelector("#Target option[selected]")?.GetAttribute("value") ?? ""), "Target" },
            { new StringContent(dryRun ? "true" : "false"), "DryRun" },
        };
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "Upload", fileName);
        return await client.PostAsync(ImportUrl, form);
    }

    [Fact]
    public async Task AnAdvisorDownloadsTheirRecordsAsCsvAndTheExportIsAuditedWithoutPersonalData()
    {
        var email = TestData.NewEmail("cnfs");
        var (organization, advisor, place, _) = await factory.NetworkAsync(advisorEmail: email);
        using var client = await SignInAsync(email);

        var form = await HtmlAsync(await client.GetAsync(ExportUrl));
        Assert.Null(form.QuerySelector("#conseiller"));
        Assert.NotNull(form.QuerySelector("#lieu option[value='" + place + "']"));

        // Nothing recorded yet: a message, not an empty file.
        using var empty = await client.GetAsync(ExportUrl + "?telecharger=true&format=Csv");
        Assert.Equal("text/html", empty.Content.Headers.ContentType!.MediaType);
        Assert.Contains("Aucune activité ne correspond à ces filtres", Text(await HtmlAsync(empty)), StringComparison.Ordinal);

        await factory.SeedAsync(organization, advisor, place);
        using var download = await client.GetAsync(ExportUrl + "?telecharger=true&format=Csv&du=2025-06-11&type=");
        var bytes = await download.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("text/csv", download.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("activites-", download.Content.Headers.ContentDisposition!.FileName!.Trim('"'), StringComparison.Ordinal);
        Assert.Equal(ActivityExchangeFormat.CsvEncoding.GetPreamble(), bytes[..3]);
        Assert.Equal(4, ActivityFileReader.Read(new MemoryStream(bytes), "a.csv").Rows.Count);
        var entry = await factory.WithDbAsync(db => db.AuditEntries.AsNoTracking().SingleAsync(e => e.Action == AuditActions.ActivitiesExported && e.ActorId == advisor));
        Assert.Equal("4 activité(s) exportée(s) en CSV, du 11/06/2025", entry.Details);

        using var workbook = await client.GetAsync(ExportUrl + "?telecharger=true&format=Xlsx");
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", workbook.Content.Headers.ContentType!.MediaType);
        Assert.Equal(5, ActivityFileReader.Read(new MemoryStream(await workbook.Content.ReadAsByteArrayAsync()), "a.xlsx").Rows.Count);

        using var wrongPeriod = await client.GetAsync(ExportUrl + "?telecharger=true&du=2025-06-12&au=2025-06-01");
        var refused = await HtmlAsync(wrongPeriod);
        Assert.Equal("true", refused.QuerySelector("#au")!.GetAttribute("aria-invalid"));
        Assert.Contains("La date de fin doit être postérieure", Text(refused), StringComparison.Ordinal);

        using var unreadable = await client.GetAsync(ExportUrl + "?telecharger=true&du=hier&type=Rien");
        var unread = await HtmlAsync(unreadable);
        Assert.Equal("true", unread.QuerySelector("#du")!.GetAttribute("aria-invalid"));
        Assert.Contains("Date illisible", Text(unread), StringComparison.Ordinal);
        Assert.DoesNotContain("is not valid", Text(unread), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AReaderSeesNeitherPage()
    {
        await factory.EnsureTerritoriesAsync();
        var email = TestData.NewEmail("lecteur");
        await factory.CreateUserAsync(email, TestData.Password, Role.Lecteur, territoryCode: MaillageFactory.SaintEtienne);
        using var client = await SignInAsync(email);

        using var export = await client.GetAsync(ExportUrl);
        using var import = await client.GetAsync(ImportUrl);

        Assert.NotEqual(HttpStatusCode.OK, export.StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, import.StatusCode);
    }

    [Fact]
    public async Task AnAdvisorChecksThenImportsAFileAndReadsTheReportLineByLine()
    {
        var email = TestData.NewEmail("cnfs");
        var (organization, advisor, _, _) = await factory.NetworkAsync(advisorEmail: email);
        var (otherOrganization, otherAdvisor, _, _) = await factory.NetworkAsync();
        using var client = await SignInAsync(email);
        var csv = "Date;Type;Participants;Canaux;Durée (min);Thématique(s);Nom de l'atelier;ID\r\n"
            + "05/03/2025;Accompagnement individuel;1;À distance;30;E-mail;;h-1\r\n"
            + "06/03/2025;Atelier collectif;6;À distance;90;Réseaux sociaux et communication;Maîtriser les réseaux sociaux;h-2\r\n";

        var page = await Forms.GetDocumentAsync(client, ImportUrl);
        var options = page.QuerySelectorAll("#Target option").Select(o => o.GetAttribute("value")).ToList();
        Assert.Equal([ImportModelValue(organization, advisor)], options);
        Assert.NotNull(page.QuerySelector("input[type=radio][name=DryRun][value=true][checked]"));

        var wrongType = await HtmlAsync(await UploadAsync(client, Encoding.UTF8.GetBytes(csv), "activites.pdf", null, dryRun: true));
        Assert.Equal("true", wrongType.QuerySelector("#Upload")!.GetAttribute("aria-invalid"));
        Assert.Contains("Le fichier doit être au format CSV (.csv) ou Excel (.xlsx)", Text(wrongType), StringComparison.Ordinal);

        var notMine = await HtmlAsync(await UploadAsync(client, Encoding.UTF8.GetBytes(csv), "activites.csv", ImportModelValue(otherOrganization, otherAdvisor), dryRun: false));
        Assert.Equal("true", notMine.QuerySelector("#Target")!.GetAttribute("aria-invalid"));

        var check = await HtmlAsync(await UploadAsync(client, Encoding.UTF8.GetBytes(csv), "activites.csv", null, dryRun: true));
        Assert.True(Text(check).Contains("Vérification seulement : rien n'a été enregistré. Le fichier est valide : 2 activité(s) seraient importée(s).", StringComparison.Ordinal), Text(check));
        Assert.Equal(0, await factory.WithDbAsync(db => db.Activities.CountAsync(a => a.AdvisorId == advisor)));

        var bad = await HtmlAsync(await UploadAsync(client, Encoding.UTF8.GetBytes(csv + "07/03/2025;Accompagnement individuel;1;Sur la lune;30;E-mail;;h-3\r\n"), "activites.csv", null, dryRun: false));
        Assert.Contains("Fichier refusé : aucune activité n'a été enregistrée.", Text(bad), StringComparison.Ordinal);
        var cells = bad.QuerySelectorAll(".exchange-report tbody tr").Single().QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToList();
        Assert.Equal(["Ligne 4", "Canaux"], cells[..2]);
        Assert.Equal(0, await factory.WithDbAsync(db => db.Activities.CountAsync(a => a.AdvisorId == advisor)));

        var done = await HtmlAsync(await UploadAsync(client, Encoding.UTF8.GetBytes(csv), "activites.csv", null, dryRun: false));
        Assert.Contains("Import terminé : 2 activité(s) importée(s).", Text(done), StringComparison.Ordinal);
        Assert.Equal(7, await factory.WithDbAsync(db => db.Activities.Where(a => a.AdvisorId == advisor).SumAsync(a => a.ParticipantCount)));

        var again = await HtmlAsync(await UploadAsync(client, Encoding.UTF8.GetBytes(csv), "activites.csv", null, dryRun: false));
        Assert.Contains("2 déjà importée(s), ignorée(s)", Text(again), StringComparison.Ordinal);
        Assert.Equal(2, again.QuerySelectorAll(".exchange-report tbody tr").Count(r => r.TextContent.Contains("déjà importée", StringComparison.Ordinal)));
        Assert.Equal(2, await factory.WithDbAsync(db => db.Activities.CountAsync(a => a.AdvisorId == advisor)));
    }

    [Fact]
    public async Task AStructureAccountPicksAnyAdvisorOfItsOrganization()
    {
        var (organization, advisor, _, _) = await factory.NetworkAsync();
        var second = await factory.CreateUserAsync(TestData.NewEmail("cnfs"), TestData.Password, Role.Conseiller, organizationId: organization);
        var (otherOrganization, _, _, _) = await factory.NetworkAsync();
        var email = TestData.NewEmail("structure");
        await factory.CreateUserAsync(email, TestData.Password, Role.Structure, organizationId: organization);
        using var client = await SignInAsync(email);

        var page = await Forms.GetDocumentAsync(client, ImportUrl);
        var options = page.QuerySelectorAll("#Target option").Select(o => o.GetAttribute("value")).Where(v => v is { Length: > 0 }).ToHashSet();

        Assert.Equal(new HashSet<string?> { ImportModelValue(organization, advisor), ImportModelValue(organization, second.Id) }, options);
        Assert.DoesNotContain(options, o => o!.StartsWith(otherOrganization.ToString(CultureInfo.InvariantCulture) + ":", StringComparison.Ordinal));

        var csv = "Date;Type;Canaux;Durée (min);Thématique(s);ID\r\n05/03/2025;Demande ponctuelle;À distance;5;E-mail;q-1\r\n";
        var done = await HtmlAsync(await UploadAsync(client, Encoding.UTF8.GetBytes(csv), "activites.csv", ImportModelValue(organization, second.Id), dryRun: false));
        Assert.Contains("Import terminé : 1 activité(s) importée(s).", Text(done), StringComparison.Ordinal);
        Assert.Equal(1, await factory.WithDbAsync(db => db.Activities.CountAsync(a => a.AdvisorId == second.Id && a.OrganizationId == organization)));
    }

    [Fact]
    public async Task TenThousandLinesAreImportedInOneGo()
    {
        var csv = new StringBuilder("Date;Type;Participants;Canaux;Durée (min);Matériel;Thématique(s);Démarche(s);Tranche d'âge;Genre;Statut;ID\r\n");
        for (var i = 0; i < 10_000; i++)
        {
            var date = new DateOnly(2024, 1, 1).AddDays(i % 365).ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
            csv.Append(CultureInfo.InvariantCulture, $"{date};Accompagnement individuel;1;À distance;{15 + (i % 8) * 15};Ordinateur;Aide aux démarches administratives;Argent - Impôts;60-69 ans;Féminin;Retraité;n-{i}\r\n");
        }

        var bytes = Encoding.UTF8.GetBytes(csv.ToString());

        // Twice, for two advisors: the first run pays for compiling the code paths, the second is what a running server costs.
        // Wall time depends on the machine's load; the process's CPU time says what the import itself costs.
        foreach (var run in new[] { "first", "second" })
        {
            var (organization, advisor, _, _) = await factory.NetworkAsync();
            ActivityImportReport? report = null;
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            await factory.WithScopeAsync(async sp =>
            {
                var db = sp.GetRequiredService<Maillage.Data.AppDbContext>();
                var access = await Maillage.Features.Accompagnements.ActivityAccess.ForAsync(db, await Maillage.Shared.Scoping.ScopeAccessor.ForUserAsync(db, advisor));
                var importer = new ActivityImporter(db, sp.GetRequiredService<AuditLog>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<Maillage.Features.Accompagnements.ActivityService>());
                report = await importer.ImportAsync(access, new MemoryStream(bytes), "histoire.csv", organization, advisor, dryRun: false);
            });
            watch.Stop();
            var used = Process.GetCurrentProcess().TotalProcessorTime - cpu;
            output.WriteLine($"{run} import of 10 000 lines: {watch.ElapsedMilliseconds} ms, {used.TotalMilliseconds:0} ms of CPU ({factory.Database.ProviderName})");

            Assert.Empty(report!.Errors);
            Assert.Equal(10_000, report.New);
            Assert.Equal(10_000, await factory.WithDbAsync(db => db.Activities.CountAsync(a => a.AdvisorId == advisor)));
        }
    }

    private static string ImportModelValue(int organizationId, string advisorId) => Maillage.Pages.Activites.ImportModel.TargetValue(organizationId, advisorId);
}
