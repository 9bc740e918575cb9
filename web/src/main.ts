// Entry point: styles, then the app in #app.
import './styles.css';
import './layout.css';
import { startApp } from './app.js';

const root = document.getElementById('app');
if (root) void startApp(root);
