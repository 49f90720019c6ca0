using System.Net.Http.Headers;
using Maillage.Tests.Infrastructure;

namespace Maillage.Tests.Shared.Web;

public sealed class CompressionTests(MaillageFactory factory) : IClassFixture<MaillageFactory>
{
    private async Task<HttpResponseMessage> GetAsync(string url)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.AcceptEncoding.Add(new StringWithQualityHeaderValue("br"));
        client.DefaultRequestHeaders.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));
        return await client.GetAsync(url);
    }

    [Fact]
    public async Task StylesAndScriptsAreCompressedButPagesAreNot()
    {
        using var css = await GetAsync("/css/site.css");
        using var js = await GetAsync("/lib/leaflet/leaflet.js");
        using var page = await GetAsync("/mentions-legales");

        Assert.Equal("br", Assert.Single(css.Content.Headers.ContentEncoding));
        Assert.Equal("br", Assert.Single(js.Content.Headers.ContentEncoding));
        Assert.Empty(page.Content.Headers.ContentEncoding);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
    }
}
