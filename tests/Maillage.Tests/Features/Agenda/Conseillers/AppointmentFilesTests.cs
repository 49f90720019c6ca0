using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Maillage.Features.Agenda;
using Maillage.Features.Agenda.Booking;
using Maillage.Features.Audit;
using Maillage.Tests.Features.Accompagnements.Beneficiaires;
using Maillage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Tests.Features.Agenda.Conseillers;

/// <summary>« Beneficiary if named »: an appointment linked to the person's file, which the activity record then carries.</summary>
[Trait("Category", "Database")]
public sealed class AppointmentFilesTests(MaillageFactory factory) : IClassFixture<MaillageFactory>
{
    private static Task<long?> LinkedAsync(MaillageFactory factory, long id) =>
        factory.WithDbAsync(db => db.Appointments.Where(a => a.Id == id).Select(a => a.BeneficiaryId).SingleAsync());

    [Fact]
    public async Task A_file_created_from_the_appointment_is_prefilled_linked_and_carried_into_the_activity_record()
    {
        var team = await AgendaTeam.CreateAsync(factory);
        var motif = await team.MotifAsync(factory);
        var id = await team.AppointmentAsync(factory, motif, DateTimeOffset.UtcNow.AddHours(-2), status: AppointmentStatus.Honoured);

        var details = await team.Client.GetStringAsync($"/agenda/rendez-vous/{id}");
        Assert.Contains("Aucune fiche rattachée", details);
        var fiche = await Forms.GetDocumentAsync(team.Client, $"/agenda/rendez-vous/{id}/fiche");
        Assert.Contains("Aucune fiche de la structure ne correspond à « Zoé Faure »", fiche.Body!.TextContent);
        var create = fiche.QuerySelector("a[href^='/beneficiaires/nouvelle']")!.GetAttribute("href")!;

        // The booking's name and contact fill the new file: nothing typed twice.
        var form = await Forms.GetDocumentAsync(team.Client, create);
        Assert.Equal("Zoé", form.QuerySelector("#Input_FirstName")!.GetAttribute("value"));
        Assert.Equal("Faure", form.QuerySelector("#Input_LastName")!.GetAttribute("value"));
        Assert.Equal("zoe@exemple.test", form.QuerySelector("#Input_Email")!.GetAttribute("value"));

        // Without consent nothing is created nor linked.
        var refused = await Forms.SubmitAsync(team.Client, create, new Dictionary<string, string>(), "form.beneficiary-form");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Null(await LinkedAsync(factory, id));

        var created = await Forms.SubmitAsync(team.Client, create, new Dictionary<string, string> { ["Input.Consent"] = "true" }, "form.beneficiary-form");
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Equal($"/agenda/rendez-vous/{id}", created.Headers.Location!.OriginalString);
        var fileId = await LinkedAsync(factory, id);
        Assert.NotNull(fileId);
        var file = await factory.WithDbAsync(db => db.Beneficiaries.SingleAsync(b => b.Id == fileId));
        Assert.Equal(("Zoé", "Faure", team.OrganizationId), (file.FirstName, file.LastName, file.OrganizationId));
        Assert.Contains($"/beneficiaires/{fileId}", await team.Client.GetStringAsync($"/agenda/rendez-vous/{id}"));
        Assert.True(await factory.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.Action == AuditActions.AppointmentFileLinked && e.TargetId == id.ToString())));

        // « Transformer en compte rendu » records the activity for that file.
        var url = $"/activites/nouvelle?rendezVous={id}";
        var activityForm = await Forms.GetDocumentAsync(team.Client, url);
        Assert.Equal(fileId.ToString(), activityForm.QuerySelector("input[name='Form.BeneficiaryId']")!.GetAttribute("value"));
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.SubmitAsync(team.Client, url, new Dictionary<string, string>(), "form[data-activity-form]")).StatusCode);
        var activity = await factory.WithDbAsync(db => db.Activities.SingleAsync(a => a.AdvisorId == team.AdvisorId));
        Assert.Equal(fileId, activity.BeneficiaryId);

        // Once recorded, the file of the appointment no longer changes from the agenda.
        var late = await Forms.SubmitAsync(team.Client, $"/agenda/rendez-vous/{id}/fiche", new Dictionary<string, string>(), "form[action*='handler=Unlink']");
        Assert.Equal(HttpStatusCode.Redirect, late.StatusCode);
        Assert.Equal(fileId, await LinkedAsync(factory, id));
    }

    [Fact]
    public async Task Only_files_of_the_appointments_organization_are_offered_and_accepted_and_a_link_can_be_undone()
    {
        var team = await AgendaTeam.CreateAsync(factory);
        var motif = await team.MotifAsync(factory);
        var id = await team.AppointmentAsync(factory, motif, DateTimeOffset.UtcNow.AddDays(2));
        var own = await BeneficiaryTestKit.CreateFileAsync(factory, team.OrganizationId, team.AdvisorId, "Zoé", "Faure", birthYear: 1990);
        var elsewhere = await AgendaTeam.CreateAsync(factory);
        var foreign = await BeneficiaryTestKit.CreateFileAsync(factory, elsewhere.OrganizationId, elsewhere.AdvisorId, "Zoe", "Faure");

        // The search starts from the booking's name, without regard to accents; the other organization's namesake is not shown.
        var page = await Forms.GetDocumentAsync(team.Client, $"/agenda/rendez-vous/{id}/fiche");
        var offered = page.QuerySelectorAll("input[name='beneficiaryId']").Select(i => i.GetAttribute("value")).ToList();
        Assert.Equal([own.Id.ToString()], offered);
        Assert.Empty((await Forms.GetDocumentAsync(team.Client, $"/agenda/rendez-vous/{id}/fiche?q=Martin")).QuerySelectorAll("input[name='beneficiaryId']"));

        // A forged post with another organization's file is refused, nothing saved.
        var forged = await Forms.SubmitAsync(team.Client, $"/agenda/rendez-vous/{id}/fiche", new Dictionary<string, string> { ["beneficiaryId"] = foreign.Id.ToString() }, "form[action*='handler=Link']");
        Assert.Equal(HttpStatusCode.Redirect, forged.StatusCode);
        Assert.Contains("n'appartient pas à la structure.", (await Forms.GetDocumentAsync(team.Client, forged.Headers.Location!.OriginalString)).Body!.TextContent);
        Assert.Null(await LinkedAsync(factory, id));

        Assert.Equal(HttpStatusCode.Redirect, (await Forms.SubmitAsync(team.Client, $"/agenda/rendez-vous/{id}/fiche", new Dictionary<string, string>(), "form[action*='handler=Link']")).StatusCode);
        Assert.Equal(own.Id, await LinkedAsync(factory, id));
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.SubmitAsync(team.Client, $"/agenda/rendez-vous/{id}/fiche", new Dictionary<string, string>(), "form[action*='handler=Unlink']")).StatusCode);
        Assert.Null(await LinkedAsync(factory, id));

        // Out of scope: the page is not found and a post changes nothing.
        Assert.Equal(HttpStatusCode.NotFound, (await elsewhere.Client.GetAsync($"/agenda/rendez-vous/{id}/fiche")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await elsewhere.Client.GetAsync($"/beneficiaires/nouvelle?rendezVous={id}")).StatusCode);
    }

    [Fact]
    public async Task The_api_links_a_file_with_french_problems_and_retention_forgets_the_link_with_the_contact()
    {
        var team = await AgendaTeam.CreateAsync(factory);
        var motif = await team.MotifAsync(factory);
        var id = await team.AppointmentAsync(factory, motif, DateTimeOffset.UtcNow.AddMonths(-4));
        var own = await BeneficiaryTestKit.CreateFileAsync(factory, team.OrganizationId, team.AdvisorId, "Zoé", "Faure");

        var bad = await team.Client.PutAsJsonAsync($"/api/v1/rendez-vous/{id}/fiche", new { beneficiaireId = 999_999_999L });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var problem = await bad.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("n'existe pas", problem.GetProperty("errors").GetProperty("beneficiaireId")[0].GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await team.Client.PutAsJsonAsync("/api/v1/rendez-vous/999999999/fiche", new { beneficiaireId = own.Id })).StatusCode);

        var ok = await team.Client.PutAsJsonAsync($"/api/v1/rendez-vous/{id}/fiche", new { beneficiaireId = own.Id });
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(own.Id, (await ok.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("beneficiaryId").GetInt64());

        await factory.WithDbAsync(db => BookingRetention.EraseContactsAsync(db, 3, DateTimeOffset.UtcNow));
        Assert.Null(await LinkedAsync(factory, id));
        // The file itself is governed by its own retention, not the appointment's.
        Assert.True(await factory.WithDbAsync(db => db.Beneficiaries.AnyAsync(b => b.Id == own.Id && b.AnonymisedAt == null)));
    }
}
