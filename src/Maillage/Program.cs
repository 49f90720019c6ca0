using Maillage.Cli;
using Maillage.Data;
using Maillage.Features.Comptes;
using Maillage.Features.Territoires;
using Maillage.Shared.Web;
using Scalar.AspNetCore;

// Command-line verbs (migrate, seed-demo, create-admin…) share the same services; without a verb, serve.
if (CliCommands.IsVerb(args))
{
    return await CliCommands.RunAsync(args);
}

var builder = WebApplication.CreateBuilder(args);
builder.AddMaillageServices();

var app = builder.Build();

if (!app.Environment.IsDevelopment())
{
    app.UseHsts();
}

app.UseRequestTiming();
app.UseExceptionHandler("/Error");
app.UseWhen(c => ApiPaths.IsApi(c.Request.Path), api => api.UseStatusCodePages());
app.UseWhen(c => !ApiPaths.IsApi(c.Request.Path), pages => pages.UseStatusCodePagesWithReExecute("/erreur/{0}"));
app.UseSecurityHeaders();
app.UseResponseCompression();
app.UseApiBodyLimit();
app.UseStaticFiles();
app.UseRouting();
app.UseRateLimiter();
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();

app.MapRazorPages();
app.MapOpenApi("/openapi/{documentName}.json");
app.MapScalarApiReference("/api", o => o.WithTitle("API Maillage").WithOpenApiRoutePattern("/openapi/{documentName}.json").WithNonce().DisableDefaultFonts().DisableTelemetry().DisableAgent());
app.MapHealthChecks("/health");
app.MapMaillageApi();
Maillage.Features.Lieux.Export.OpenDataEndpoints.MapOpenData(app);

await app.PrepareDatabaseAsync();
app.Run();
return 0;

public partial class Program;
