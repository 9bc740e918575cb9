// Entry point: styles, then the app in #app, then (after load) the service worker.
import './styles.css';
import './layout.css';
import { startApp } from './app.js';
import { registerServiceWorker } from './offline/register.js';

const root = document.getElementById('app');
if (root) void startApp(root);
registerServiceWorker();
