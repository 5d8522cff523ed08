// The demo intranet's own script: it lists what the widget tells the page (as text) and switches its theme.
const check = document.getElementById('check');
const list = document.getElementById('events');

function log(name, detail) {
  const item = document.createElement('li');
  item.textContent = `${name} ${JSON.stringify(detail)}`;
  item.dataset.event = name;
  list.append(item);
}

for (const name of ['applens-ready', 'applens-result', 'applens-error']) {
  // Listening on the document shows that the events bubble out of the element.
  document.addEventListener(name, (event) => log(name, event.detail));
}
let lastStage = '';
document.addEventListener('applens-progress', (event) => {
  if (event.detail.stage !== lastStage) {
    lastStage = event.detail.stage;
    log('applens-progress', event.detail);
  }
});

for (const button of document.querySelectorAll('button[data-theme]')) {
  button.addEventListener('click', () => check.setAttribute('theme', button.dataset.theme));
}
