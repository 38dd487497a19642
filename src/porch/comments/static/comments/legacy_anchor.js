/* Porch discussion: an old "#comment-101" link finds its comment on a paged discussion.
 *
 * The fragment never reaches the server, so a link to a comment on another page of
 * the discussion (an imported site's old id, or Porch's own) would land at the top.
 * When the page holds no element with that id, ask the server which page does.
 */
(function () {
  "use strict";

  var hash = window.location.hash;
  var discussion = document.getElementById("comments");
  if (!discussion || !/^#(?:comment|isso)-\d{1,18}$/.test(hash)) {
    return;
  }
  var anchor = hash.slice(1);
  var lookup = discussion.getAttribute("data-old-anchor-url");
  if (document.getElementById(anchor) || !lookup) {
    return;
  }
  window.location.replace(lookup + "?anchor=" + encodeURIComponent(anchor));
})();
