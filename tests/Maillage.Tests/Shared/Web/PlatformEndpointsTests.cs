using System.Net;
using System.Text.Json;
using Maillage.Tests.Infrastructure;

namespace Maillage.Tests.Shared.Web;

[Trait("Category", "Database")]
public class PlatformEndpointsTests(MaillageFactory factory) : IClassFixture<MaillageFactory>
{
    [Fact]
    public async Task OpenApiDocumentIsValidJsonListingTheOrganizationsEndpoints()
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = document.RootElement;
        Assert.StartsWith("3.", root.GetProperty("openapi").GetString());
        var paths = root.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/v1/structures", out var structures), "the document lists /api/v1/structures");
        Assert.True(structures.TryGetProperty("get", out _));
        Assert.True(structures.TryGetProperty("post", out _));
        Assert.True(paths.TryGetProperty("/api/v1/structures/{id}", out _));
        Assert.True(root.GetProperty("components").GetProperty("securitySchemes").TryGetProperty("Bearer", out _));
    }

    [Fact]
    public async Task HealthAnswers200WhenTheDatabaseIsReachable()
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ApiResponsesCarryTheSecurityHeaders()
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync("/api/v1/structures");

        AssertSecurityHeaders(response);
    }

    [Fact]
    public async Task PagesCarryTheSecurityHeaders()
    {
        using var client = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var response = await client.GetAsync("/");

        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        AssertSecurityHeaders(response);
    }

    private static void AssertSecurityHeaders(HttpResponseMessage response)
    {
        var csp = string.Join(" ", response.Headers.GetValues("Content-Security-Policy"));
        var directives = csp.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var scriptSrc = directives.SingleOrDefault(d => d.StartsWith("script-src ", StringComparison.Ordinal))
            ?? directives.Single(d => d.StartsWith("default-src ", StringComparison.Ordinal));
        Assert.DoesNotContain("'unsafe-inline'", scriptSrc);
        Assert.DoesNotContain("'unsafe-eval'", scriptSrc);
        Assert.Contains(directives, d => d == "frame-ancestors 'none'");
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("strict-origin-when-cross-origin", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
    }
}
