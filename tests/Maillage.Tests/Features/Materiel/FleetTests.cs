using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Maillage.Features.Comptes;
using Maillage.Features.Materiel;
using Maillage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Tests.Features.Materiel;

/// <summary>The fleet: its scope, search, filters, paging, the scanned label's address and the read API.</summary>
[Trait("Category", "Database")]
public sealed class FleetTests(FleetTests.Factory factory) : IClassFixture<FleetTests.Factory>
{
    /// <summary>Each test signs in several structures: past the sign-in rate limit of one client address.</summary>
    public sealed class Factory : MaillageFactory
    {
        public Factory() => WithSetting("RateLimiting:AuthenticationPerMinute", "10000");
    }

    private const string Roanne = "42187";

    private sealed record Owner(int OrganizationId, HttpClient Client, string Prefix);

    private async Task<Owner> OwnerAsync(int items)
    {
        var organization = await factory.CreateOrganizationAsync();
        var email = TestData.NewEmail("structure");
        await factory.CreateUserAsync(email, TestData.Password, Role.Structure, organizationId: organization.Id);
        var client = factory.CreateBrowserClient();
        await factory.LoginAsync(client, email, TestData.Password);
        // A prefix of its own per test, so that tags stay unique in the shared database.
        var prefix = "T" + Guid.NewGuid().ToString("N")[..5].ToUpperInvariant();
        await factory.WithDbAsync(async db =>
        {
            await FleetDefaults.EnsureDefaultsAsync(db);
            var tablets = await db.ItemCategories.SingleAsync(c => c.TagPrefix == "TAB");
            var drones = await db.ItemCategories.SingleAsync(c => c.TagPrefix == "DRN");
            for (var i = 1; i <= items; i++)
            {
                db.Items.Add(new Item
                {
                    CategoryId = i % 5 == 0 ? drones.Id : tablets.Id,
                    OrganizationId = organization.Id,
                    Model = i % 5 == 0 ? "DJI Mini 2 SE" : "Samsung Galaxy Tab A9+",
                    SerialNumber = $"SN{prefix}{i:000}",
                    AssetTag = AssetTags.Format(prefix, i),
                    Status = i == 3 ? ItemStatus.InMaintenance : ItemStatus.Available,
                    Accessories = [new ItemAccessory { Name = "Chargeur" }],
                    CreatedAt = DateTimeOffset.UtcNow,
                    ModifiedAt = DateTimeOffset.UtcNow,
                });
            }

            return await db.SaveChangesAsync();
        });
        return new Owner(organization.Id, client, prefix);
    }

    private Task<int> IdAsync(string tag) => factory.WithDbAsync(db => db.Items.Where(i => i.AssetTag == tag).Select(i => i.Id).SingleAsync());

    [Fact]
    public async Task A_structure_lists_searches_filters_and_pages_its_own_fleet_only()
    {
        var owner = await OwnerAsync(30);
        var other = await OwnerAsync(2);

        var list = await Forms.GetDocumentAsync(owner.Client, "/materiel");
        Assert.Contains("30 objets", list.QuerySelector("[role=status]")!.TextContent);
        Assert.Equal(25, list.QuerySelectorAll("tbody tr").Length);
        Assert.DoesNotContain(other.Prefix, list.Body!.TextContent);
        var second = await Forms.GetDocumentAsync(owner.Client, "/materiel?page=2");
        Assert.Equal(5, second.QuerySelectorAll("tbody tr").Length);

        // Search by serial number or tag whatever the case; filters by status and category.
        var bySerial = await Forms.GetDocumentAsync(owner.Client, $"/materiel?q=sn{owner.Prefix.ToLowerInvariant()}007");
        Assert.Equal([AssetTags.Format(owner.Prefix, 7)], bySerial.QuerySelectorAll("tbody th a").Select(a => a.TextContent));
        var repairs = await Forms.GetDocumentAsync(owner.Client, "/materiel?statut=InMaintenance");
        Assert.Equal([AssetTags.Format(owner.Prefix, 3)], repairs.QuerySelectorAll("tbody th a").Select(a => a.TextContent));
        var drones = await factory.WithDbAsync(db => db.ItemCategories.Where(c => c.TagPrefix == "DRN").Select(c => c.Id).SingleAsync());
        Assert.Equal(6, (await Forms.GetDocumentAsync(owner.Client, $"/materiel?categorie={drones}")).QuerySelectorAll("tbody tr").Length);
        var none = await Forms.GetDocumentAsync(owner.Client, "/materiel?q=introuvable");
        Assert.Contains("Aucun objet ne correspond à ces critères", none.QuerySelector(".empty-state")!.TextContent);

        // The other structure's item: not found, on the page and through the API.
        var foreign = await IdAsync(AssetTags.Format(other.Prefix, 1));
        Assert.Equal(HttpStatusCode.NotFound, (await owner.Client.GetAsync($"/materiel/{foreign}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.Client.GetAsync($"/api/v1/materiel/{foreign}")).StatusCode);

        var details = await Forms.GetDocumentAsync(owner.Client, $"/materiel/{await IdAsync(AssetTags.Format(owner.Prefix, 3))}");
        Assert.Contains("En maintenance", details.QuerySelector("h1 + p")!.TextContent);
        Assert.Contains("Chargeur", details.Body!.TextContent);
    }

    [Fact]
    public async Task A_scanned_label_opens_the_item_and_an_unknown_one_says_which_code_was_read()
    {
        var owner = await OwnerAsync(2);
        var tag = AssetTags.Format(owner.Prefix, 2);
        var scan = await owner.Client.GetAsync($"/materiel/t/{tag.ToLowerInvariant()}");
        Assert.Equal(HttpStatusCode.Redirect, scan.StatusCode);
        Assert.Equal($"/materiel/{await IdAsync(tag)}", scan.Headers.Location!.OriginalString);

        var unknown = await owner.Client.GetAsync("/materiel/t/XYZ-9999");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("Étiquette inconnue : XYZ-9999", Forms.Parse(await unknown.Content.ReadAsStringAsync()).QuerySelector("h1")!.TextContent);

        // Another structure scanning this label finds nothing of its own.
        var other = await OwnerAsync(1);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Client.GetAsync($"/materiel/t/{tag}")).StatusCode);

        // Signed out, the label leads to the sign-in page first.
        var anonymous = factory.CreateBrowserClient();
        var redirect = await anonymous.GetAsync($"/materiel/t/{tag}");
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.Contains("/connexion", redirect.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task The_api_lists_the_callers_fleet_and_answers_french_problems()
    {
        var owner = await OwnerAsync(12);
        var page = await owner.Client.GetFromJsonAsync<JsonElement>("/api/v1/materiel?pageSize=5&page=3");
        Assert.Equal(12, page.GetProperty("total").GetInt32());
        Assert.Equal(2, page.GetProperty("items").GetArrayLength());
        var first = (await owner.Client.GetFromJsonAsync<JsonElement>("/api/v1/materiel?pageSize=1")).GetProperty("items")[0];
        Assert.Equal(AssetTags.Format(owner.Prefix, 1), first.GetProperty("assetTag").GetString());
        Assert.Equal("Chargeur", first.GetProperty("accessories")[0].GetString());

        var byTag = await owner.Client.GetFromJsonAsync<JsonElement>($"/api/v1/materiel/etiquettes/{AssetTags.Format(owner.Prefix, 5).ToLowerInvariant()}");
        Assert.Equal("DJI Mini 2 SE", byTag.GetProperty("model").GetString());
        var unknown = await ProblemAssert.IsProblemAsync(await owner.Client.GetAsync("/api/v1/materiel/etiquettes/NOPE-1"), HttpStatusCode.NotFound);
        Assert.Contains("« NOPE-1 »", unknown.GetProperty("detail").GetString());

        // A coordinator elsewhere (Roanne) does not see this Saint-Étienne structure's items; an advisor has no fleet.
        var coordinator = TestData.NewEmail("coord");
        await factory.CreateUserAsync(coordinator, TestData.Password, Role.Coordinateur, territoryCode: Roanne);
        var roanne = factory.CreateBrowserClient();
        await factory.LoginAsync(roanne, coordinator, TestData.Password);
        var seen = await roanne.GetFromJsonAsync<JsonElement>($"/api/v1/materiel?q={owner.Prefix}");
        Assert.Equal(0, seen.GetProperty("total").GetInt32());
        var advisor = TestData.NewEmail("cnfs");
        await factory.CreateUserAsync(advisor, TestData.Password, Role.Conseiller, organizationId: owner.OrganizationId);
        var advisorClient = factory.CreateBrowserClient();
        await factory.LoginAsync(advisorClient, advisor, TestData.Password);
        await ProblemAssert.IsProblemAsync(await advisorClient.GetAsync("/api/v1/materiel"), HttpStatusCode.Forbidden);
        Assert.NotEqual(HttpStatusCode.OK, (await advisorClient.GetAsync("/materiel")).StatusCode);
    }

    [Fact]
    public async Task Defaults_give_the_categories_once_and_tags_take_the_next_free_number()
    {
        var owner = await OwnerAsync(3);
        await factory.WithDbAsync(async db =>
        {
            await FleetDefaults.EnsureDefaultsAsync(db);
            Assert.Equal(FleetDefaults.Categories.Length, await db.ItemCategories.CountAsync(c => FleetDefaults.Categories.Select(d => d.Prefix).Contains(c.TagPrefix)));
            Assert.Equal(4, await AssetTags.NextNumberAsync(db, owner.Prefix));
            Assert.Equal(1, await AssetTags.NextNumberAsync(db, "ZZZZZ"));
            return 0;
        });
        Assert.Equal("TAB-0042", AssetTags.Format("TAB", 42));
        Assert.Equal("TAB-0042", AssetTags.Normalize(" tab-0042 "));
    }

    [Fact]
    public async Task Adding_an_item_checks_every_field_in_french_saves_nothing_on_error_and_gives_the_next_tag()
    {
        var owner = await OwnerAsync(0);
        var tablets = await factory.WithDbAsync(db => db.ItemCategories.Where(c => c.TagPrefix == "TAB").Select(c => c.Id).SingleAsync());
        var before = await factory.WithDbAsync(db => db.Items.CountAsync());

        var empty = await Forms.SubmitAsync(owner.Client, "/materiel/nouveau", new Dictionary<string, string> { ["Form.CategoryId"] = "" }, "form.form");
        Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
        var page = Forms.Parse(await empty.Content.ReadAsStringAsync());
        Assert.Contains("Choisissez la catégorie", page.QuerySelector("#Form_CategoryId-error")!.TextContent);
        Assert.Contains("Indiquez le modèle", page.QuerySelector("#Form_Model-error")!.TextContent);
        Assert.Equal("true", page.QuerySelector("#Form_Model")!.GetAttribute("aria-invalid"));

        var existingSerial = $"SN{owner.Prefix}X";
        await factory.WithDbAsync(db =>
        {
            db.Items.Add(new Item { CategoryId = tablets, OrganizationId = owner.OrganizationId, Model = "Existant", SerialNumber = existingSerial, AssetTag = AssetTags.Format(owner.Prefix, 900), CreatedAt = DateTimeOffset.UtcNow, ModifiedAt = DateTimeOffset.UtcNow });
            return db.SaveChangesAsync();
        });
        var bad = await Forms.SubmitAsync(owner.Client, "/materiel/nouveau", new Dictionary<string, string>
        {
            ["Form.CategoryId"] = tablets.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Form.Model"] = "Samsung Galaxy Tab A9+",
            ["Form.SerialNumber"] = existingSerial,
            ["Form.AssetTag"] = "tab 42",
            ["Form.Cost"] = "deux cents",
            ["Form.PurchasedOn"] = DateTime.UtcNow.AddDays(10).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        }, "form.form");
        var errors = Forms.Parse(await bad.Content.ReadAsStringAsync());
        Assert.Contains("a déjà le numéro de série", errors.QuerySelector("#Form_SerialNumber-error")!.TextContent);
        Assert.Contains("TAB-0042", errors.QuerySelector("#Form_AssetTag-error")!.TextContent);
        Assert.Contains("229,90", errors.QuerySelector("#Form_Cost-error")!.TextContent);
        Assert.Contains("dans le futur", errors.QuerySelector("#Form_PurchasedOn-error")!.TextContent);
        Assert.Equal(before + 1, await factory.WithDbAsync(db => db.Items.CountAsync()));

        var next = await factory.WithDbAsync(db => AssetTags.NextNumberAsync(db, "TAB"));
        var ok = await Forms.SubmitAsync(owner.Client, "/materiel/nouveau", new Dictionary<string, string>
        {
            ["Form.CategoryId"] = tablets.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Form.Model"] = "Samsung Galaxy Tab A9+",
            ["Form.Cost"] = "229,90",
            ["Form.Accessories"] = "Chargeur\nCoque\n\nChargeur",
        }, "form.form");
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        var created = await factory.WithDbAsync(db => db.Items.Include(i => i.Accessories).OrderByDescending(i => i.Id).FirstAsync(i => i.OrganizationId == owner.OrganizationId));
        Assert.Equal(AssetTags.Format("TAB", next), created.AssetTag);
        Assert.Equal(229.90m, created.Cost);
        Assert.Equal(["Chargeur", "Coque"], created.Accessories.OrderBy(a => a.Id).Select(a => a.Name));
        Assert.Equal($"/materiel/{created.Id}", ok.Headers.Location!.OriginalString);
        var shown = await Forms.GetDocumentAsync(owner.Client, $"/materiel/{created.Id}");
        Assert.Contains("Ajouté au parc", shown.QuerySelector(".item-history")!.TextContent);
        Assert.True(await factory.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.Action == Maillage.Features.Audit.AuditActions.ItemChanged && e.TargetId == created.Id.ToString())));
    }

    [Fact]
    public async Task Editing_refuses_a_stale_version_and_status_changes_follow_their_rules_with_a_history()
    {
        var owner = await OwnerAsync(2);
        var id = await IdAsync(AssetTags.Format(owner.Prefix, 1));
        var edit = $"/materiel/{id}/modifier";
        var form = await Forms.GetDocumentAsync(owner.Client, edit);
        Assert.Equal("Samsung Galaxy Tab A9+", form.QuerySelector("#Form_Model")!.GetAttribute("value"));

        // Someone else saves first: this form's version is stale, nothing it says is written.
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.SubmitAsync(owner.Client, edit, new Dictionary<string, string> { ["Form.Notes"] = "Première modification" }, "form.form")).StatusCode);
        var stale = await owner.Client.PostAsync(edit, new FormUrlEncodedContent(
            form.QuerySelectorAll("form.form input[name], form.form select[name], form.form textarea[name]")
                .Select(e => new KeyValuePair<string, string>(e.GetAttribute("name")!, e.GetAttribute("name") == "Form.Model" ? "Écrasé" : (e as AngleSharp.Html.Dom.IHtmlInputElement)?.Value ?? (e as AngleSharp.Html.Dom.IHtmlSelectElement)?.Value ?? e.TextContent))));
        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        Assert.Contains("vient d'être modifié par quelqu'un d'autre", Forms.Parse(await stale.Content.ReadAsStringAsync()).QuerySelector("[role=alert]")!.TextContent);
        var item = await factory.WithDbAsync(db => db.Items.AsNoTracking().SingleAsync(i => i.Id == id));
        Assert.Equal(("Samsung Galaxy Tab A9+", "Première modification"), (item.Model, item.Notes));

        // Maintenance with a reason, back in service, retired: then nothing more.
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.SubmitAsync(owner.Client, $"/materiel/{id}/statut/maintenance", new Dictionary<string, string> { ["Reason"] = "Écran fissuré" }, "form.form")).StatusCode);
        Assert.Equal(ItemStatus.InMaintenance, await factory.WithDbAsync(db => db.Items.Where(i => i.Id == id).Select(i => i.Status).SingleAsync()));
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.SubmitAsync(owner.Client, $"/materiel/{id}/statut/disponible", new Dictionary<string, string>(), "form.form")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.SubmitAsync(owner.Client, $"/materiel/{id}/statut/reforme", new Dictionary<string, string>(), "form.form")).StatusCode);
        var retired = await Forms.GetDocumentAsync(owner.Client, $"/materiel/{id}/statut/disponible");
        Assert.Contains("Impossible depuis le statut « réformé »", retired.QuerySelector("[role=status]")!.TextContent);
        Assert.Null(retired.QuerySelector("form.form"));
        var history = (await Forms.GetDocumentAsync(owner.Client, $"/materiel/{id}")).QuerySelector(".item-history")!.TextContent;
        Assert.Contains("Disponible → En maintenance : Écran fissuré.", history);
        Assert.Contains("En maintenance → Disponible.", history);
        Assert.Contains("Disponible → Réformé.", history);
        Assert.Contains("Modifié : notes.", history);

        // Another structure reaches none of it.
        var other = await OwnerAsync(0);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Client.GetAsync(edit)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Client.GetAsync($"/materiel/{AssetTags.Format(owner.Prefix, 2)}/statut/maintenance")).StatusCode);
    }

    [Fact]
    public async Task The_api_adds_and_changes_items_with_french_problems_and_the_version_in_if_match()
    {
        var owner = await OwnerAsync(0);
        var drones = await factory.WithDbAsync(db => db.ItemCategories.Where(c => c.TagPrefix == "DRN").Select(c => c.Id).SingleAsync());

        var invalid = await owner.Client.PostAsJsonAsync("/api/v1/materiel", new { categoryId = drones, organizationId = owner.OrganizationId, model = "", cost = -3 });
        var problem = await ProblemAssert.IsProblemAsync(invalid, HttpStatusCode.BadRequest);
        Assert.Contains("Indiquez le modèle", problem.GetProperty("errors").GetProperty("model")[0].GetString());
        Assert.Contains("entre 0 et 1 000 000", problem.GetProperty("errors").GetProperty("cost")[0].GetString());

        var created = await owner.Client.PostAsJsonAsync("/api/v1/materiel", new
        {
            categoryId = drones,
            organizationId = owner.OrganizationId,
            model = "DJI Mini 4 Pro",
            assetTag = $"{owner.Prefix}-D1",
            cost = 799.00m,
            accessories = new[] { "Radiocommande", "Batteries (3)" },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var item = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal($"{owner.Prefix}-D1", item.GetProperty("assetTag").GetString());
        Assert.Equal(2, item.GetProperty("accessories").GetArrayLength());
        var id = item.GetProperty("id").GetInt32();
        var version = item.GetProperty("version").GetUInt32();

        var body = new { categoryId = drones, organizationId = owner.OrganizationId, model = "DJI Mini 4 Pro", notes = "Hélice changée" };
        await ProblemAssert.IsProblemAsync(await owner.Client.PutAsJsonAsync($"/api/v1/materiel/{id}", body), (HttpStatusCode)428);
        var stale = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/materiel/{id}") { Content = JsonContent.Create(body) };
        stale.Headers.TryAddWithoutValidation("If-Match", (version + 5).ToString(System.Globalization.CultureInfo.InvariantCulture));
        await ProblemAssert.IsProblemAsync(await owner.Client.SendAsync(stale), HttpStatusCode.Conflict);
        var put = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/materiel/{id}") { Content = JsonContent.Create(body) };
        put.Headers.TryAddWithoutValidation("If-Match", version.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var updated = await owner.Client.SendAsync(put);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal("Hélice changée", (await updated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("notes").GetString());

        // The owner must be one of the caller's organizations.
        var other = await OwnerAsync(0);
        var foreign = await other.Client.PostAsJsonAsync("/api/v1/materiel", new { categoryId = drones, organizationId = owner.OrganizationId, model = "Drone" });
        Assert.Contains("structure propriétaire", (await ProblemAssert.IsProblemAsync(foreign, HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty("organizationId")[0].GetString());
    }

    [Fact]
    public async Task Label_sheets_print_the_chosen_items_from_the_given_position_with_a_qr_code_of_their_address()
    {
        var owner = await OwnerAsync(5);
        await factory.WithDbAsync(db => db.Items.Where(i => i.AssetTag == AssetTags.Format(owner.Prefix, 5)).ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, ItemStatus.Retired)));

        var sheet = await Forms.GetDocumentAsync(owner.Client, $"/materiel/etiquettes?q={owner.Prefix}&format=L7159&debut=3");
        Assert.NotNull(sheet.QuerySelector(".label-sheets.labels-l7159"));
        Assert.Equal(2, sheet.QuerySelectorAll(".label-empty").Length);
        var labels = sheet.QuerySelectorAll(".label[data-url]").ToList();
        Assert.Equal(Enumerable.Range(1, 4).Select(n => AssetTags.Format(owner.Prefix, n)), labels.Select(l => l.QuerySelector("strong")!.TextContent));
        var url = labels[0].GetAttribute("data-url")!;
        Assert.Equal($"http://localhost/materiel/t/{AssetTags.Format(owner.Prefix, 1)}", url);
        Assert.Equal(Forms.Parse(Maillage.Shared.Web.QrCodes.Svg(url)).QuerySelector("path")!.GetAttribute("d"), labels[0].QuerySelector("svg path")!.GetAttribute("d"));
        var scanned = await owner.Client.GetAsync(new Uri(url).PathAndQuery);
        Assert.Equal($"/materiel/{await IdAsync(AssetTags.Format(owner.Prefix, 1))}", scanned.Headers.Location!.OriginalString);

        // A position beyond the sheet is brought back into it; an unknown format falls back to the first.
        var clamped = await Forms.GetDocumentAsync(owner.Client, $"/materiel/etiquettes?q={owner.Prefix}&format=XYZ&debut=99");
        Assert.NotNull(clamped.QuerySelector(".labels-l7160"));
        Assert.Equal(20, clamped.QuerySelectorAll(".label-empty").Length);
        Assert.Contains("Aucun objet à étiqueter", (await Forms.GetDocumentAsync(owner.Client, "/materiel/etiquettes?q=rien-de-tel")).QuerySelector(".empty-state")!.TextContent);
    }

    private async Task<HttpResponseMessage> UploadAsync(Owner owner, string csv)
    {
        var page = await Forms.GetDocumentAsync(owner.Client, "/materiel/import");
        var form = new MultipartFormDataContent
        {
            { new StringContent(page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!), "__RequestVerificationToken" },
            { new StringContent(owner.OrganizationId.ToString(System.Globalization.CultureInfo.InvariantCulture)), "OrganizationId" },
            { new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(csv)), "fichier", "parc.csv" },
        };
        return await owner.Client.PostAsync("/materiel/import", form);
    }

    [Fact]
    public async Task An_import_is_all_or_nothing_with_a_line_by_line_report_and_the_export_gives_the_filtered_list()
    {
        var owner = await OwnerAsync(2);
        var template = await owner.Client.GetAsync("/materiel/import?handler=modele");
        Assert.StartsWith("Catégorie;Modèle;", (await template.Content.ReadAsStringAsync()).TrimStart('\uFEFF'));

        var taken = AssetTags.Format(owner.Prefix, 1);
        var bad = $"""
            Catégorie;Modèle;Numéro de série;Étiquette;État;Date d'achat;Coût;Accessoires
            Tablette tactile;Samsung Galaxy Tab A9+;SN-A-{owner.Prefix};{owner.Prefix}-B1;Neuf;15/09/2026;229,00;Chargeur | Coque
            Grille-pain;Modèle X;;;;;;
            Drone;;;{owner.Prefix}-B1;Cassé;31/02/2026;beaucoup;
            Drone;DJI Mini 2 SE;;{taken};;;;
            """;
        var report = await UploadAsync(owner, bad);
        Assert.Equal(HttpStatusCode.OK, report.StatusCode);
        var lines = Forms.Parse(await report.Content.ReadAsStringAsync()).QuerySelectorAll("#erreurs tbody tr").Select(r => r.TextContent).ToList();
        Assert.Contains(lines, l => l.StartsWith("3", StringComparison.Ordinal) && l.Contains("Catégorie « Grille-pain » inconnue", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("4", StringComparison.Ordinal) && l.Contains("Indiquez le modèle", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("4", StringComparison.Ordinal) && l.Contains("déjà sur la ligne 2", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("4", StringComparison.Ordinal) && l.Contains("État « Cassé » inconnu", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("4", StringComparison.Ordinal) && l.Contains("Date « 31/02/2026 » illisible", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("4", StringComparison.Ordinal) && l.Contains("229,90", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("5", StringComparison.Ordinal) && l.Contains("déjà portée par un objet du parc", StringComparison.Ordinal));
        Assert.Equal(2, await factory.WithDbAsync(db => db.Items.CountAsync(i => i.OrganizationId == owner.OrganizationId)));

        var good = $"""
            Catégorie;Modèle;Numéro de série;Étiquette;Coût;Accessoires
            Tablette tactile;Samsung Galaxy Tab A9+;SN-G1-{owner.Prefix};;229,00;Chargeur | Coque
            DRN;DJI Mini 2 SE;SN-G2-{owner.Prefix};{owner.Prefix}-G2;339;Radiocommande
            """;
        var imported = await UploadAsync(owner, good);
        Assert.Equal(HttpStatusCode.Redirect, imported.StatusCode);
        var added = await factory.WithDbAsync(db => db.Items.Include(i => i.Accessories).Where(i => i.OrganizationId == owner.OrganizationId && i.SerialNumber!.StartsWith("SN-G")).OrderBy(i => i.SerialNumber).ToListAsync());
        Assert.Equal(2, added.Count);
        Assert.StartsWith("TAB-", added[0].AssetTag, StringComparison.Ordinal);
        Assert.Equal(["Chargeur", "Coque"], added[0].Accessories.Select(a => a.Name));
        Assert.Equal(($"{owner.Prefix}-G2", 339m), (added[1].AssetTag, added[1].Cost!.Value));
        Assert.True(await factory.WithDbAsync(db => db.ItemEvents.AnyAsync(e => e.ItemId == added[1].Id && e.Text == "Ajouté au parc par import.")));

        // The export of the filtered list: CSV for a French spreadsheet, and XLSX.
        var csv = await owner.Client.GetAsync($"/materiel/export?format=csv&q={owner.Prefix}");
        var bytes = await csv.Content.ReadAsByteArrayAsync();
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var text = System.Text.Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("Étiquette;Catégorie;Modèle;", text[0]);
        Assert.Equal(4, text.Length - 1);
        Assert.Contains(text, l => l.StartsWith($"{owner.Prefix}-G2;Drone;DJI Mini 2 SE;SN-G2-{owner.Prefix};", StringComparison.Ordinal) && l.Contains("339,00", StringComparison.Ordinal));
        var xlsx = await (await owner.Client.GetAsync($"/materiel/export?format=xlsx&q={owner.Prefix}")).Content.ReadAsByteArrayAsync();
        var sheet = MiniExcelLibs.MiniExcel.Query(new MemoryStream(xlsx), useHeaderRow: true, excelType: MiniExcelLibs.ExcelType.XLSX).ToList();
        Assert.Equal(4, sheet.Count);
    }

    [Fact]
    public async Task Coordination_adds_and_archives_categories_with_french_checks_and_structures_only_read_them()
    {
        var email = TestData.NewEmail("coord");
        await factory.CreateUserAsync(email, TestData.Password, Role.Coordinateur, territoryCode: Roanne);
        var coordinator = factory.CreateBrowserClient();
        await factory.LoginAsync(coordinator, email, TestData.Password);
        var prefix = "C" + Guid.NewGuid().ToString("N")[..4].ToUpperInvariant();

        var bad = await Forms.SubmitAsync(coordinator, "/materiel/categories", new Dictionary<string, string> { ["Name"] = "", ["TagPrefix"] = "trop long!" }, "form[action*='handler=Add']");
        var errors = Forms.Parse(await bad.Content.ReadAsStringAsync());
        Assert.Contains("Indiquez le nom de la catégorie", errors.QuerySelector("#Name-error")!.TextContent);
        Assert.Contains("1 à 6 lettres ou chiffres", errors.QuerySelector("#TagPrefix-error")!.TextContent);
        Assert.Contains("déjà pris", Forms.Parse(await (await Forms.SubmitAsync(coordinator, "/materiel/categories", new Dictionary<string, string> { ["Name"] = "Autre " + prefix, ["TagPrefix"] = "tab" }, "form[action*='handler=Add']")).Content.ReadAsStringAsync()).QuerySelector("#TagPrefix-error")!.TextContent);

        Assert.Equal(HttpStatusCode.Redirect, (await Forms.SubmitAsync(coordinator, "/materiel/categories", new Dictionary<string, string> { ["Name"] = $"Appareil photo {prefix}", ["TagPrefix"] = prefix.ToLowerInvariant() }, "form[action*='handler=Add']")).StatusCode);
        var category = await factory.WithDbAsync(db => db.ItemCategories.SingleAsync(c => c.TagPrefix == prefix));
        Assert.Contains($"Appareil photo {prefix}", (await Forms.GetDocumentAsync(coordinator, "/materiel/nouveau")).QuerySelector("#Form_CategoryId")!.TextContent);

        var archive = await coordinator.PostAsync("/materiel/categories?handler=Archive", new FormUrlEncodedContent(
        [
            new("__RequestVerificationToken", (await Forms.GetDocumentAsync(coordinator, "/materiel/categories")).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!),
            new("id", category.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("active", "false"),
        ]));
        Assert.Equal(HttpStatusCode.Redirect, archive.StatusCode);
        Assert.DoesNotContain($"Appareil photo {prefix}", (await Forms.GetDocumentAsync(coordinator, "/materiel/nouveau")).QuerySelector("#Form_CategoryId")!.TextContent);

        // A structure reads the list without the forms, and may not post.
        var owner = await OwnerAsync(0);
        var read = await Forms.GetDocumentAsync(owner.Client, "/materiel/categories");
        Assert.Contains($"Appareil photo {prefix}", read.QuerySelector("table")!.TextContent);
        Assert.Null(read.QuerySelector("form[action*='handler=Add']"));
        var forbidden = await owner.Client.PostAsync("/materiel/categories?handler=Add", new FormUrlEncodedContent(
        [
            new("__RequestVerificationToken", read.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value") ?? ""),
            new("Name", "Interdit"),
            new("TagPrefix", "INT"),
        ]));
        Assert.Contains("acces-refuse", forbidden.Headers.Location?.OriginalString ?? "", StringComparison.OrdinalIgnoreCase);
        Assert.False(await factory.WithDbAsync(db => db.ItemCategories.AnyAsync(c => c.Name == "Interdit")));
    }

    [Fact]
    public async Task A_kit_is_made_of_the_owners_free_items_added_by_tag_and_its_label_opens_it()
    {
        var owner = await OwnerAsync(4);
        var other = await OwnerAsync(1);
        await factory.WithDbAsync(db => db.Items.Where(i => i.AssetTag == AssetTags.Format(owner.Prefix, 4)).ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, ItemStatus.Retired)));

        var empty = await Forms.SubmitAsync(owner.Client, "/materiel/kits", new Dictionary<string, string> { ["Name"] = " " }, "form.form");
        Assert.Contains("Indiquez le nom du kit", Forms.Parse(await empty.Content.ReadAsStringAsync()).QuerySelector("#Name-error")!.TextContent);
        var created = await Forms.SubmitAsync(owner.Client, "/materiel/kits", new Dictionary<string, string> { ["Name"] = $"Valise {owner.Prefix}" }, "form.form");
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var kitPage = created.Headers.Location!.OriginalString;
        var kit = await factory.WithDbAsync(db => db.Kits.SingleAsync(k => k.Name == $"Valise {owner.Prefix}"));
        Assert.Matches("^KIT-[0-9]{4}$", kit.AssetTag);

        async Task<string?> AddAsync(string tag)
        {
            var response = await Forms.SubmitAsync(owner.Client, kitPage, new Dictionary<string, string> { ["Tag"] = tag }, "form[action*='handler=Add']");
            return response.StatusCode == HttpStatusCode.Redirect ? null : Forms.Parse(await response.Content.ReadAsStringAsync()).QuerySelector("#Tag-error")!.TextContent;
        }

        Assert.Null(await AddAsync(AssetTags.Format(owner.Prefix, 1).ToLowerInvariant()));
        Assert.Null(await AddAsync(AssetTags.Format(owner.Prefix, 2)));
        Assert.Contains("déjà dans ce kit", await AddAsync(AssetTags.Format(owner.Prefix, 1)));
        Assert.Contains("réformé", await AddAsync(AssetTags.Format(owner.Prefix, 4)));
        Assert.Contains("Aucun objet de votre parc", await AddAsync(AssetTags.Format(other.Prefix, 1)));
        Assert.Contains("Indiquez l'étiquette", await AddAsync(""));
        Assert.Equal(2, await factory.WithDbAsync(db => db.Items.CountAsync(i => i.KitId == kit.Id)));

        // Out of the kit again, with a line in the item's history; the kit's label opens the kit.
        var first = await IdAsync(AssetTags.Format(owner.Prefix, 1));
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.SubmitAsync(owner.Client, kitPage, new Dictionary<string, string> { ["itemId"] = first.ToString(System.Globalization.CultureInfo.InvariantCulture) }, "form[action*='handler=Remove']")).StatusCode);
        Assert.Null(await factory.WithDbAsync(db => db.Items.Where(i => i.Id == first).Select(i => i.KitId).SingleAsync()));
        var history = (await Forms.GetDocumentAsync(owner.Client, $"/materiel/{first}")).QuerySelector(".item-history")!.TextContent;
        Assert.Contains($"Retiré du kit « Valise {owner.Prefix} »", history);
        Assert.Contains($"Ajouté au kit « Valise {owner.Prefix} »", history);
        Assert.Equal(kitPage, (await owner.Client.GetAsync($"/materiel/t/{kit.AssetTag}")).Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Client.GetAsync(kitPage)).StatusCode);
    }
}
