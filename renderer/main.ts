/** The renderer's entry: styles, then the app on the page's own transport. */
import 'uplot/dist/uPlot.min.css';
import './style.css';
import { App } from './app.js';
import { desktopBridge } from './transport/connect.js';

new App(desktopBridge(), window.localStorage).start();
