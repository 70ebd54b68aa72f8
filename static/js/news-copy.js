/* "Copy HTML" on the news article draft: the article's HTML (and its text)
   to the clipboard, for pasting into the province website's editor. */
(function () {
  "use strict";
  var button = document.querySelector("[data-copy-html]");
  if (!button) return;
  var status = document.getElementById("copy-status");

  function say(text) {
    if (status) status.textContent = text;
  }

  button.addEventListener("click", function () {
    var article = document.querySelector(button.getAttribute("data-copy-html"));
    if (!article) return;
    var html = article.outerHTML;
    var text = article.innerText;
    var done = function () { say(button.getAttribute("data-copied")); };
    var failed = function () { say(button.getAttribute("data-failed")); };
    if (navigator.clipboard && window.ClipboardItem) {
      var item = new ClipboardItem({
        "text/html": new Blob([html], { type: "text/html" }),
        "text/plain": new Blob([text], { type: "text/plain" })
      });
      navigator.clipboard.write([item]).then(done, failed);
    } else if (navigator.clipboard) {
      navigator.clipboard.writeText(html).then(done, failed);
    } else {
      failed();
    }
  });
})();
