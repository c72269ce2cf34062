// 巡察工作台: the only script. Dropping a draft onto the drop zone fills the file field and
// submits the form; everything else works without script.
(function () {
  var drop = document.getElementById("drop");
  var input = document.getElementById("file");
  var form = document.getElementById("check-form");
  if (!drop || !input || !form) return;
  ["dragenter", "dragover"].forEach(function (t) {
    drop.addEventListener(t, function (e) { e.preventDefault(); drop.classList.add("over"); });
  });
  ["dragleave", "drop"].forEach(function (t) {
    drop.addEventListener(t, function () { drop.classList.remove("over"); });
  });
  drop.addEventListener("drop", function (e) {
    e.preventDefault();
    if (!e.dataTransfer || !e.dataTransfer.files.length) return;
    input.files = e.dataTransfer.files;
    form.submit();
  });
  input.addEventListener("change", function () { if (input.files.length) form.submit(); });
})();
