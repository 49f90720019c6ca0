using AngleSharp.Html.Dom;
using Maillage.Features.Comptes;
using Maillage.Tests.Infrastructure;

namespace Maillage.Tests.Features.Lieux.Doublons;

internal static class DoublonsTestHelpers
{
    /// <summary>A signed-in browser-like client (cookies kept, redirects not followed) for a new user with one grant.</summary>
    public static async Task<HttpClient> SignedInAsync(this MaillageFactory factory, Role role, string? territoryCode = null, int? organizationId = null)
    {
        var email = TestData.NewEmail(role.ToString().ToLowerInvariant());
        await factory.CreateUserAsync(email, TestData.Password, role, territoryCode, organizationId);
        var client = factory.CreateBrowserClient();
        using var response = await factory.LoginAsync(client, email, TestData.Password);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    /// <summary>Posts a form of an already loaded page as a browser would: its fields (checked radios and boxes only), some replaced.</summary>
    public static async Task<HttpResponseMessage> SubmitAsync(HttpClient client, IHtmlDocument page, string pageUrl, string formSelector, IReadOnlyDictionary<string, string>? values = null)
    {
        values ??= new Dictionary<string, string>();
        var form = page.QuerySelector(formSelector) as IHtmlFormElement ?? throw new InvalidOperationException($"No form matching {formSelector}.");
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var element in form.Elements)
        {
            switch (element)
            {
                case IHtmlInputElement input when !string.IsNullOrEmpty(input.Name) && !values.ContainsKey(input.Name):
                    if (input.Type is "checkbox" or "radio" ? input.IsChecked : input.Type is not ("submit" or "button" or "image"))
                    {
                        fields.Add(new(input.Name, input.Value));
                    }

                    break;
                case IHtmlTextAreaElement area when !string.IsNullOrEmpty(area.Name) && !values.ContainsKey(area.Name):
                    fields.Add(new(area.Name, area.Value));
                    break;
            }
        }

        fields.AddRange(values);
        var action = form.GetAttribute("action");
        return await client.PostAsync(string.IsNullOrEmpty(action) ? pageUrl : action, new FormUrlEncodedContent(fields));
    }

    public static async Task<IHtmlDocument> HtmlAsync(this HttpResponseMessage response)
    {
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {html[..Math.Min(html.Length, 2000)]}");
        return Forms.Parse(html);
    }
}
